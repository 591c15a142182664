import Foundation

/// The wall display's words (`golive wall`).
extension UIText {
    public var wallChecks: String { t("Checks", "Verificaciones", "Verificações") }
    public var wallLocked: String {
        t("locked: keys are ignored", "bloqueado: se ignoran las teclas", "bloqueado: as teclas são ignoradas")
    }
    public var wallResize: String { t("resize the terminal", "agranda la terminal", "aumente o terminal") }
    public func wallPage(_ page: Int, of total: Int) -> String { "\(page)/\(total)" }
    public var wallNoNotifications: String {
        t(
            "No notification received yet.", "Todavía no llegó ninguna notificación.",
            "Nenhuma notificação recebida ainda.")
    }
    public var wallNoChecks: String {
        t(
            "No check result yet: run golive serve or golive check.",
            "Sin resultados: ejecuta golive serve o golive check.",
            "Sem resultados: execute golive serve ou golive check.")
    }
}
