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

    /// The wall started before its store exists (or the file went away): what it waits for, why, what to do.
    public var wallWaitingForStore: String { t("waiting for the store", "esperando la base", "aguardando a base") }
    public var wallStoreTitle: String { t("Store", "Base", "Base") }
    public var wallWaitingAt: String {
        t("Waiting for the store at", "Esperando la base en", "Aguardando a base em")
    }
    public var wallStoreNotThere: String {
        t("The file does not exist yet.", "El archivo todavía no existe.", "O arquivo ainda não existe.")
    }
    public var wallStoreRemedy: String {
        t(
            "Start golive serve (it creates the store) or check --store / GOLIVE_STORE.",
            "Inicia golive serve (crea la base) o revisa --store / GOLIVE_STORE.",
            "Inicie o golive serve (ele cria a base) ou confira --store / GOLIVE_STORE.")
    }
}
