public import GoLiveCore

/// The words of the plain line output (``PlainFeed``: `TERM=dumb`, pipes, logs, screen readers).
extension UIText {
    public func plainStarted(mode: String, reason: String) -> String {
        t(
            "golive \(mode): plain output (\(reason)): one line per change; Ctrl-C ends",
            "golive \(mode): salida de texto simple (\(reason)): una línea por cambio; Ctrl-C termina",
            "golive \(mode): saída de texto simples (\(reason)): uma linha por mudança; Ctrl-C encerra")
    }

    /// Why there is no full screen (the reason in ``plainStarted(mode:reason:)``).
    public func plainReason(_ reason: PlainReason) -> String {
        switch reason {
        case .stdoutNotATerminal: t("stdout is not a terminal", "stdout no es una terminal", "stdout não é um terminal")
        case .stdinNotATerminal: t("stdin is not a terminal", "stdin no es una terminal", "stdin não é um terminal")
        case .noTerm: t("TERM is not set", "TERM no está definida", "TERM não está definida")
        case .cannotAddress(let term):
            t(
                "TERM=\(term) cannot move the cursor", "TERM=\(term) no puede mover el cursor",
                "TERM=\(term) não pode mover o cursor")
        case .other(let text): text
        }
    }

    /// The check status as a word in a sentence (`UNKNOWN`, not the badge's `----`).
    public func plainStatus(_ status: CheckStatus) -> String {
        status == .unknown ? t("UNKNOWN", "DESCONOCIDO", "DESCONHECIDO") : statusWord(status)
    }

    public func plainSeller(_ name: String, environment: String?, readiness: String) -> String {
        let badge = environment.map { " (\($0))" } ?? ""
        return t("seller", "vendedor", "vendedor") + " \(name)\(badge): \(readiness)"
    }

    public var plainNotCheckedYet: String { t("not checked yet", "todavía sin verificar", "ainda não verificado") }
    public func plainNotReady(_ open: Int, of total: Int) -> String {
        t(
            "NOT READY (\(open) of \(total) checks not passing)", "NO LISTO (\(open) de \(total) sin aprobar)",
            "NÃO PRONTO (\(open) de \(total) pendentes)")
    }
    public func plainReadiness(_ readiness: String) -> String {
        t("readiness: ", "preparación: ", "preparo: ") + readiness
    }
    public func plainCheck(_ id: String, status: String, was: String?, summary: String) -> String {
        let change = was.map { t(" (was \($0))", " (antes \($0))", " (antes \($0))") } ?? ""
        return t("check", "verificación", "verificação") + " \(id) \(status)\(change): \(summary)"
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
        t(
            "notifications: none received yet", "notificaciones: todavía ninguna",
            "notificações: ainda nenhuma")
    }
    public func plainNotificationsFailed(_ message: String) -> String {
        t(
            "notifications: cannot be read: \(message)", "notificaciones: no se pueden leer: \(message)",
            "notificações: não podem ser lidas: \(message)")
    }
    public var plainNotificationsBack: String {
        t("notifications: readable again", "notificaciones: legibles de nuevo", "notificações: legíveis de novo")
    }
    public func plainNotificationsOther(_ text: String) -> String {
        t("notifications: ", "notificaciones: ", "notificações: ") + text
    }
    public func plainNotification(_ seq: Int64, _ description: String) -> String {
        t("notification", "notificación", "notificação") + " \(seq) \(description)"
    }
    public var plainSignatureValid: String { t("signature valid", "firma válida", "assinatura válida") }
    public var plainUnsigned: String { t("UNSIGNED", "SIN FIRMA", "SEM ASSINATURA") }
    public var plainSignatureNotChecked: String {
        t(
            "signature not checked (no secret)", "firma sin verificar (sin clave)",
            "assinatura não verificada (sem segredo)")
    }
    public var plainDuplicate: String { t("duplicate", "duplicada", "duplicada") }

    public func plainBalance(available: String, held: String, next: String?) -> String {
        var text = t(
            "balances: available \(available), held \(held)", "saldos: disponible \(available), retenido \(held)",
            "saldos: disponível \(available), retido \(held)")
        if let next { text += t(", next release ", ", próxima liberación ", ", próxima liberação ") + next }
        return text
    }
    public var plainUnknownAmount: String { t("unknown", "desconocido", "desconhecido") }
    public func plainBalancesFailed(_ message: String) -> String {
        t(
            "balances: cannot be read: \(message)", "saldos: no se pueden leer: \(message)",
            "saldos: não podem ser lidos: \(message)")
    }
    public func plainBalancesOther(_ text: String) -> String { t("balances: ", "saldos: ", "saldos: ") + text }

    public func plainStale(_ pane: PaneID, since: String, problem: String?) -> String {
        paneTitle(pane) + ": " + noDataSince(since) + (problem.map { " (\($0))" } ?? "")
    }
    public func plainFresh(_ pane: PaneID) -> String {
        paneTitle(pane) + ": " + t("data again", "datos de nuevo", "dados de novo")
    }
}

/// Why the dashboard writes plain lines instead of a screen.
public enum PlainReason: Sendable, Hashable {
    case stdoutNotATerminal, stdinNotATerminal, noTerm
    case cannotAddress(term: String)
    case other(String)
}
