public import Foundation
public import GoLiveCore

/// Every word the dashboard shows, in English, Latin-American Spanish and Brazilian Portuguese.
///
/// HOW TO USE (for every pane, overlay and status message — never a bare English literal on screen):
/// - Views get the catalog from the state: `state.text` (a ``UIText`` for `state.language`). Never read the
///   environment in a view; the language is chosen once by the command (``Language/choose(option:environment:)``
///   semantics: `--lang` > `GOLIVE_LANG` > config `lang:` > `LC_ALL`/`LC_MESSAGES`/`LANG` text) and injected into
///   ``DashboardState/init(snapshot:size:now:mode:readOnly:themes:theme:unicode:timeZone:language:)``; tests pass
///   `language:` explicitly.
/// - Add a string: a property or function here, one `t(english, spanish, portuguese)` call; the name is the key
///   and stays the same across languages. Keep es/pt short enough for 80x24 and 40x12 (snapshot tests in es and
///   pt-BR catch overflow). Spanish as Mercado Pago writes it in Latin America, Portuguese as in Brazil.
/// - Times: ``clock(_:zone:)`` (`14:05:09`), ``shortDateTime(_:zone:)`` (en `11-27 14:05`, es/pt `27/11 14:05`),
///   ``date(_:zone:)`` (en `2026-11-27`, es/pt `27/11/2026`), ``dayMonth(_:zone:)``.
/// - Ages: ``age(_:)`` coarse and short (en `<1m` `12m` `3h` `2d`, es/pt `<1 min` `12 min` `3 h` `2 d`), ``ago(_:)``
///   (`12m ago`, `hace 12 min`, `há 12 min`), ``dataAge(_:)`` for the header (`data 4s`, `datos 4 s`).
///   Staleness words (e.g. "NO DATA SINCE 14:05") belong here too: add `noDataSince(_:)`-style functions.
/// - Money: ``money(_:currency:)`` → `GoLiveCore.Money` (per currency, not per language: `ARS 1.234,56`).
/// - Check status words: ``badge(_:symbols:)`` (`✓ PASS` / `✓ OK   ` / `✗ FALHA`, one width per language).
public struct UIText: Sendable, Hashable {
    public var language: Language

    public init(_ language: Language) { self.language = language }

    /// The one primitive: the text in the current language.
    @inline(__always)
    public func t(_ english: String, _ spanish: String, _ portuguese: String) -> String {
        switch language {
        case .english: english
        case .spanish: spanish
        case .portuguese: portuguese
        }
    }

    var isEnglish: Bool { language == .english }

    // MARK: times and ages

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    static func two(_ value: Int?) -> String {
        let number = value ?? 0
        return number < 10 ? "0\(number)" : "\(number)"
    }

    /// `23:41:07` in every language (24-hour clock).
    public func clock(_ date: Date, zone: TimeZone) -> String {
        let parts = Self.calendar(zone).dateComponents([.hour, .minute, .second], from: date)
        return "\(Self.two(parts.hour)):\(Self.two(parts.minute)):\(Self.two(parts.second))"
    }

    /// `23:41`.
    public func hourMinute(_ date: Date, zone: TimeZone) -> String {
        let parts = Self.calendar(zone).dateComponents([.hour, .minute], from: date)
        return "\(Self.two(parts.hour)):\(Self.two(parts.minute))"
    }

    /// en `11-26` (month first, ISO order), es/pt `26/11` (day first, as Latin America and Brazil write it).
    public func dayMonth(_ date: Date, zone: TimeZone) -> String {
        let parts = Self.calendar(zone).dateComponents([.month, .day], from: date)
        return isEnglish
            ? "\(Self.two(parts.month))-\(Self.two(parts.day))" : "\(Self.two(parts.day))/\(Self.two(parts.month))"
    }

    /// en `11-26 23:41`, es/pt `26/11 23:41`.
    public func shortDateTime(_ date: Date, zone: TimeZone) -> String {
        dayMonth(date, zone: zone) + " " + hourMinute(date, zone: zone)
    }

    /// en `2026-11-26`, es/pt `26/11/2026`.
    public func date(_ date: Date, zone: TimeZone) -> String {
        let parts = Self.calendar(zone).dateComponents([.year, .month, .day], from: date)
        let year = String(parts.year ?? 0)
        return isEnglish
            ? "\(year)-\(Self.two(parts.month))-\(Self.two(parts.day))"
            : "\(Self.two(parts.day))/\(Self.two(parts.month))/\(year)"
    }

    /// An ISO 8601 timestamp from the data (`2026-12-08T00:00:00Z`): as it is in English, `08/12/2026 00:00` in
    /// es/pt (in `zone`); text that does not parse stays as it is.
    public func timestamp(_ iso: String, zone: TimeZone) -> String {
        guard !isEnglish, let parsed = ISO8601DateFormatter().date(from: iso) else { return iso }
        return date(parsed, zone: zone) + " " + hourMinute(parsed, zone: zone)
    }

    /// A `YYYY-MM-DD` text (report dates) in this language's order; other text unchanged.
    public func isoDay(_ text: String) -> String {
        let parts = text.split(separator: "-")
        guard !isEnglish, parts.count == 3, parts[0].count == 4 else { return text }
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }

    /// ``isoDay(_:)`` without the year, for a narrow pane: `11-27`, `27/11`.
    public func isoDayShort(_ text: String) -> String {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4 else { return text }
        return isEnglish ? "\(parts[1])-\(parts[2])" : "\(parts[2])/\(parts[1])"
    }

    /// Coarse and short: en `<1m` `12m` `3h` `2d`; es/pt `<1 min` `12 min` `3 h` `2 d`. Negative counts as 0.
    /// Never seconds: a label counting seconds repaints every second, most of what an idle dashboard would write
    /// to an SSH link (the byte budget: ≤ 50 B/s at 80x24 with nothing happening).
    public func age(_ seconds: Int) -> String {
        let seconds = max(0, seconds)
        if seconds < 60 { return isEnglish ? "<1m" : "<1 min" }
        let (value, unit): (Int, (String, String)) =
            seconds < 60
            ? (seconds, ("s", " s"))
            : seconds < 3600
                ? (seconds / 60, ("m", " min"))
                : seconds < 86_400 ? (seconds / 3600, ("h", " h")) : (seconds / 86_400, ("d", " d"))
        return "\(value)" + (isEnglish ? unit.0 : unit.1)
    }

    public func age(from date: Date, to now: Date) -> String { age(Int(now.timeIntervalSince(date))) }

    /// `12m ago`, `hace 12 min`, `há 12 min`.
    public func ago(_ seconds: Int) -> String { t("\(age(seconds)) ago", "hace \(age(seconds))", "há \(age(seconds))") }

    public func ago(from date: Date, to now: Date) -> String { ago(Int(now.timeIntervalSince(date))) }

    /// The header's data age: `data 4s`, `datos 4 s`, `dados 4 s`.
    public func dataAge(_ seconds: Int) -> String { t("data ", "datos ", "dados ") + age(seconds) }

    /// `checked 3m ago`.
    public func checkedAgo(from date: Date, to now: Date) -> String {
        t("checked ", "verificado ", "verificado ") + ago(from: date, to: now)
    }

    // MARK: money

    /// `ARS 1.234,56`: the currency's own separators (see `Money`), whatever the language.
    public func money(_ amount: Decimal, currency: String) -> String { Money.format(amount, currency: currency) }

    // MARK: status words

    /// The word of a check status; every word of a language pads to the same width (see ``badge(_:symbols:)``).
    public func statusWord(_ status: CheckStatus) -> String {
        switch status {
        case .pass: t("PASS", "OK", "OK")
        case .warn: t("WARN", "AVISO", "AVISO")
        case .fail: t("FAIL", "FALLA", "FALHA")
        case .unknown: t("----", "-----", "-----")
        }
    }

    /// `✓ PASS`, `✗ FALLA`: glyph and word, the same width for every status of a language.
    public func badge(_ status: CheckStatus, symbols: Symbols) -> String {
        let width = [CheckStatus.pass, .warn, .fail, .unknown].map { statusWord($0).count }.max() ?? 4
        let word = statusWord(status)
        return symbols.glyph(status) + " " + word + String(repeating: " ", count: width - word.count)
    }

    // MARK: chrome: header, tabs, titles, too small

    public func paneTitle(_ pane: PaneID) -> String {
        switch pane {
        case .credentials: t("Credentials", "Credenciales", "Credenciais")
        case .ssl: t("SSL", "SSL", "SSL")
        case .quality: t("Quality & approval", "Calidad y aprobación", "Qualidade e aprovação")
        case .notifications: t("Notifications", "Notificaciones", "Notificações")
        case .balances: t("Report balances", "Saldos de reportes", "Saldos dos relatórios")
        }
    }

    /// The narrow layout's tab names.
    public func tab(_ pane: PaneID) -> String {
        switch pane {
        case .credentials: t("Creds", "Cred.", "Cred.")
        case .ssl: "SSL"
        case .quality: t("Quality", "Calidad", "Qualid.")
        case .notifications: t("Feed", "Notif.", "Notif.")
        case .balances: t("Balances", "Saldos", "Saldos")
        }
    }

    public var zoomedSuffix: String { t(" (zoomed)", " (ampliado)", " (ampliado)") }
    public func more(_ count: Int) -> String { t(" +\(count) more ", " +\(count) más ", " +\(count) mais ") }
    public var production: String { t("PRODUCTION", "PRODUCCIÓN", "PRODUÇÃO") }
    public var test: String { t("TEST", "PRUEBA", "TESTE") }
    public var environmentUnknown: String { t("ENV ?", "ENTORNO ?", "AMBIENTE ?") }
    public var noResultsYet: String { t("NO RESULTS YET", "SIN RESULTADOS", "SEM RESULTADOS") }
    public var ready: String { t("READY", "LISTO", "PRONTO") }
    public func notReady(_ open: Int, of total: Int) -> String {
        t("NOT READY \(open)/\(total)", "NO LISTO \(open)/\(total)", "NÃO PRONTO \(open)/\(total)")
    }
    public func sellerCount(_ count: Int) -> String {
        t("(\(count) sellers)", "(\(count) vendedores)", "(\(count) vendedores)")
    }
    public var checkingNow: String { t("checking", "verificando", "verificando") }
    public var readOnly: String { t("read-only", "solo lectura", "somente leitura") }
    public var terminalTooSmall: String { t("terminal too small", "terminal muy pequeña", "terminal muito pequeno") }
    public func need(_ size: String) -> String { t("need \(size)", "se necesita \(size)", "precisa de \(size)") }
    public func have(_ size: String) -> String { t("have \(size)", "hay \(size)", "tem \(size)") }
    public var resizeOrQuit: String {
        t("resize, or q to quit", "agranda o q para salir", "aumente ou q para sair")
    }
    public var helpTitle: String { t("Keys", "Teclas", "Teclas") }
    public var closeThisHelp: String { t("close this help", "cerrar esta ayuda", "fechar esta ajuda") }
    public var readOnlyHelp: String {
        t(
            "read-only: nothing that changes anything is available here",
            "solo lectura: aquí no hay nada que modifique datos",
            "somente leitura: aqui nada pode modificar dados")
    }
    public func notificationTitle(_ seq: Int64) -> String {
        t("Notification \(seq)", "Notificación \(seq)", "Notificação \(seq)")
    }
    public var sellerTitle: String { t("Seller", "Vendedor", "Vendedor") }

    // MARK: key labels (the key bar and the `?` overlay)

    public func keyLabel(_ action: Action, zoomed: Bool = false, context: KeyContext = .main) -> String {
        switch action {
        case .quit: t("quit", "salir", "sair")
        case .help: t("help", "ayuda", "ajuda")
        case .closeOverlay:
            switch context {
            case .help: t("close help", "cerrar ayuda", "fechar ajuda")
            case .detail: t("close detail", "cerrar detalle", "fechar detalhe")
            case .overview: t("back", "volver", "voltar")
            default: t("close", "cerrar", "fechar")
            }
        case .focusNext: t("next pane", "panel siguiente", "próximo painel")
        case .focusPrevious: t("previous pane", "panel anterior", "painel anterior")
        case .moveUp:
            switch context {
            case .detail: t("previous notification", "notificación anterior", "notificação anterior")
            case .walkthrough: t("scroll up", "subir", "rolar para cima")
            default: t("scroll up / previous row", "subir / fila anterior", "rolar para cima / linha anterior")
            }
        case .moveDown:
            switch context {
            case .detail: t("next notification", "notificación siguiente", "próxima notificação")
            case .walkthrough: t("scroll down", "bajar", "rolar para baixo")
            default: t("scroll down / next row", "bajar / fila siguiente", "rolar para baixo / próxima linha")
            }
        case .pageUp: t("page up", "página anterior", "página anterior")
        case .pageDown: t("page down", "página siguiente", "próxima página")
        case .top: t("first row", "primera fila", "primeira linha")
        case .bottom: t("last row", "última fila", "última linha")
        case .zoom:
            if context == .escape {
                t("unzoom", "reducir", "reduzir")
            } else if zoomed {
                t("unzoom", "reducir", "reduzir")
            } else if context == .notifications {
                t("zoom the pane", "ampliar el panel", "ampliar o painel")
            } else {
                t("zoom", "ampliar", "ampliar")
            }
        case .openDetail: t("notification detail", "ver detalle", "ver detalhe")
        case .startFilter: t("filter notifications", "filtrar notificaciones", "filtrar notificações")
        case .clearFilter: t("clear the filter", "borrar filtro", "limpar filtro")
        case .recheck: t("re-check now", "verificar ahora", "verificar agora")
        case .nextTheme: t("next theme", "cambiar tema", "trocar tema")
        case .switchSeller: t("switch seller", "cambiar vendedor", "trocar vendedor")
        case .allSellers: t("all sellers", "todos los vendedores", "todos os vendedores")
        case .repaint: t("repaint the screen", "redibujar la pantalla", "redesenhar a tela")
        case .filterAccept: t("apply filter", "aplicar filtro", "aplicar filtro")
        case .filterCancel: t("leave the filter", "salir del filtro", "sair do filtro")
        case .filterDelete: t("delete a character", "borrar un carácter", "apagar um caractere")
        case .sellerUp: t("up", "subir", "subir")
        case .sellerDown: t("down", "bajar", "descer")
        case .sellerChoose:
            context == .overview
                ? t("show this seller", "ver este vendedor", "ver este vendedor")
                : t("switch to this seller", "cambiar a este vendedor", "mudar para este vendedor")
        case .nextStep: t("next step", "paso siguiente", "próximo passo")
        case .previousStep: t("previous step", "paso anterior", "passo anterior")
        case .measureQuality: t("measure a payment", "medir un pago", "medir um pagamento")
        case .testNotification: t("test notification", "notificación de prueba", "notificação de teste")
        case .createReports:
            t("create report configuration", "crear configuración de reportes", "criar configuração de relatórios")
        case .signOff: t("sign off this step", "firmar este paso", "assinar este passo")
        case .inputAccept: t("confirm", "confirmar", "confirmar")
        case .inputCancel: t("cancel", "cancelar", "cancelar")
        case .inputDelete: t("delete a character", "borrar un carácter", "apagar um caractere")
        case .confirmYes: t("yes", "sí", "sim")
        case .confirmNo: t("no", "no", "não")
        }
    }

    /// Where a key label appears, when one action reads differently in different places.
    public enum KeyContext: Sendable, Hashable {
        case main, help, detail, sellers, walkthrough, notifications, escape
        /// The all-sellers overview (issue 10).
        case overview
    }

    // MARK: runner and reducer messages

    public func themeMessage(_ name: String) -> String { t("theme: \(name)", "tema: \(name)", "tema: \(name)") }
    public func switchingTo(_ seller: String) -> String {
        t("switching to \(seller)…", "cambiando a \(seller)…", "mudando para \(seller)…")
    }
    public func checkingSeller(_ seller: String) -> String {
        t("checking \(seller)…", "verificando \(seller)…", "verificando \(seller)…")
    }
    public var checkedReady: String { t("checked: ready", "verificado: listo", "verificado: pronto") }
    public func checkedNotPassing(_ count: Int) -> String {
        count == 1
            ? t("checked: 1 check not passing", "verificado: 1 punto pendiente", "verificado: 1 item pendente")
            : t(
                "checked: \(count) check(s) not passing", "verificado: \(count) puntos pendientes",
                "verificado: \(count) itens pendentes")
    }
    public func checksNotRecorded(_ error: String) -> String {
        t(
            "the checks could not be recorded: \(error)", "no se pudieron registrar las verificaciones: \(error)",
            "não foi possível registrar as verificações: \(error)")
    }
    public func storeProblem(_ error: String) -> String { t("store: \(error)", "base: \(error)", "base: \(error)") }
    public var noFeedInBuild: String {
        t(
            "This build of golive keeps no notification feed yet.",
            "Esta versión de golive todavía no guarda notificaciones.",
            "Esta versão do golive ainda não guarda notificações.")
    }
    public var noFeedRemedy: String {
        t(
            "Notifications appear here once the receiver (`golive serve`) stores them.",
            "Las notificaciones aparecen aquí cuando el receptor (`golive serve`) las guarda.",
            "As notificações aparecem aqui quando o receptor (`golive serve`) as guarda.")
    }
    public func noReleaseReport(_ seller: String) -> String {
        t(
            "No release report has been fetched for \(seller) yet.",
            "Todavía no se descargó ningún reporte de liberaciones de \(seller).",
            "Ainda não foi baixado nenhum relatório de liberações de \(seller).")
    }
    public var fetchReleaseRemedy: String {
        t(
            "Run `golive report fetch --type release`.", "Ejecuta `golive report fetch --type release`.",
            "Execute `golive report fetch --type release`.")
    }
    public var noStoredBalances: String {
        t(
            "No stored report balances: this build sums reports on demand only.",
            "No hay saldos guardados: esta versión suma reportes solo a pedido.",
            "Não há saldos guardados: esta versão soma relatórios só sob demanda.")
    }
    public var balanceFileRemedy: String {
        t(
            "Run `golive report balance --file RELEASE.csv` on a downloaded release report.",
            "Ejecuta `golive report balance --file RELEASE.csv` sobre un reporte de liberaciones descargado.",
            "Execute `golive report balance --file RELEASE.csv` com um relatório de liberações baixado.")
    }
}

extension DashboardState {
    /// The catalog in the dashboard's language.
    public var text: UIText { UIText(language) }
}
