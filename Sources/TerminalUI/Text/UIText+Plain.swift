public import Foundation
public import GoLiveCore

/// The plain line output's words (``PlainFeed``: `TERM=dumb`, a pipe, a log). Check ids, notification ids and
/// event names stay as they are, so the lines can be grepped in any language.
extension UIText {
    /// en `PASS`/`WARN`/`FAIL`/`UNKNOWN` (as before); es `OK`/`AVISO`/`FALLA`/`DESCONOCIDO`; pt `OK`/`AVISO`/
    /// `FALHA`/`DESCONHECIDO`.
    public func plainStatus(_ status: CheckStatus) -> String {
        status == .unknown ? t("UNKNOWN", "DESCONOCIDO", "DESCONHECIDO") : statusWord(status)
    }

    public func plainOpening(mode: String, reason: String) -> String {
        t(
            "golive \(mode): plain output (\(reason)): one line per change; Ctrl-C ends",
            "golive \(mode): salida de texto simple (\(reason)): una línea por cambio; Ctrl-C termina",
            "golive \(mode): saída de texto simples (\(reason)): uma linha por mudança; Ctrl-C encerra")
    }

    public func plainDataAgain(from: String, to: String) -> String {
        t(
            "data again (no data from \(from) to \(to))", "datos de nuevo (sin datos de \(from) a \(to))",
            "dados de novo (sem dados de \(from) a \(to))")
    }
    public func plainNoDataSince(_ time: String) -> String {
        t(
            "NO DATA SINCE \(time): the store has not been read since",
            "SIN DATOS DESDE \(time): la base no se leyó desde entonces",
            "SEM DADOS DESDE \(time): a base não foi lida desde então")
    }
    public func plainSeller(_ seller: String, environment: String?, readiness: String) -> String {
        let environmentWord: String? =
            switch environment {
            case "production"?: production
            case "test"?: test
            case let other?: other.uppercased()
            case nil: nil
            }
        let shown = environmentWord.map { " (\($0))" } ?? ""
        return t("seller", "vendedor", "vendedor") + " \(seller)\(shown): \(readiness)"
    }
    public func plainStoreProblem(_ problem: String) -> String {
        t("store problem: \(problem)", "problema de la base: \(problem)", "problema da base: \(problem)")
    }
    public var plainStoreProblemSolved: String {
        t("store problem solved", "problema de la base resuelto", "problema da base resolvido")
    }
    public func plainNotificationsShown(_ count: Int) -> String {
        t(
            "notifications: \(count) shown, newest:", "notificaciones: \(count) en pantalla, la más reciente:",
            "notificações: \(count) na tela, a mais recente:")
    }
    public var plainNoNotifications: String {
        t("notifications: none received yet", "notificaciones: todavía ninguna", "notificações: ainda nenhuma")
    }
    public func plainNotifications(_ text: String) -> String {
        t("notifications: \(text)", "notificaciones: \(text)", "notificações: \(text)")
    }
    public func plainCannotBeRead(_ message: String) -> String {
        t("cannot be read: \(message)", "no se pueden leer: \(message)", "não podem ser lidas: \(message)")
    }
    public var plainReadableAgain: String { t("readable again", "se pueden leer de nuevo", "podem ser lidas de novo") }
    public func plainBalances(_ text: String) -> String { t("balances: \(text)", "saldos: \(text)", "saldos: \(text)") }
    public var plainReadiness: String { t("readiness", "preparación", "preparo") }
    public var plainNotCheckedYet: String { t("not checked yet", "todavía sin verificar", "ainda não verificado") }
    public func plainNotReady(_ open: Int, of total: Int) -> String {
        t(
            "NOT READY (\(open) of \(total) checks not passing)", "NO LISTO (\(open) de \(total) sin aprobar)",
            "NÃO PRONTO (\(open) de \(total) pendentes)")
    }
    public func plainWas(_ status: String) -> String { t("was \(status)", "antes \(status)", "antes \(status)") }
    public var plainCheck: String { t("check", "verificación", "verificação") }
    public var plainNotification: String { t("notification", "notificación", "notificação") }
    public func plainSignature(_ value: String) -> String {
        switch value {
        case "valid": t("signature valid", "firma válida", "assinatura válida")
        case "unsigned": t("UNSIGNED", "SIN FIRMA", "SEM ASSINATURA")
        default:
            t(
                "signature not checked (no secret)", "firma sin verificar (sin clave)",
                "assinatura não verificada (sem chave)")
        }
    }
    public var plainDuplicate: String { t("duplicate", "duplicada", "duplicada") }
    public func plainBalance(
        currency: String, available: Decimal?, held: Decimal?, next: BalanceSummary.Release?
    ) -> String {
        let unknown = t("unknown", "desconocido", "desconhecido")
        func amount(_ value: Decimal?) -> String {
            value.map { Money.format($0, currency: currency, code: false) } ?? unknown
        }
        var parts = [t("balance", "saldo", "saldo") + " \(currency)"]
        parts.append(t("available", "disponible", "disponível") + " " + amount(available))
        parts.append(t("held", "retenido", "retido") + " " + amount(held))
        if let next {
            parts.append(
                t("next release", "próxima liberación", "próxima liberação") + " \(next.date) " + amount(next.amount))
        }
        return parts.joined(separator: ", ")
    }
}
