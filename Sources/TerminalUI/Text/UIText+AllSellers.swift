public import GoLiveCore

/// The words of the all-sellers overview (issue 10): `golive check --all-sellers` and the dashboard's `a` screen.
extension UIText {
    /// A requirement's column header: `Creds`, `Notif`… (no wider than a status badge: 6 columns in English,
    /// 7 in Spanish and Portuguese).
    public func requirementShort(_ requirement: Requirement) -> String {
        switch requirement.id {
        case "credentials": t("Creds", "Cred.", "Cred.")
        case "ssl": t("SSL", "SSL", "SSL")
        case "notifications": t("Notif", "Notif.", "Notif.")
        case "approval": t("Approv", "Aprob.", "Aprov.")
        case "quality": t("Qual", "Calidad", "Qualid.")
        case "reports": t("Report", "Report.", "Relat.")
        default: requirement.id
        }
    }

    /// A requirement's header in the narrowest layout (one glyph a column): two letters.
    public func requirementTiny(_ requirement: Requirement) -> String {
        switch requirement.id {
        case "credentials": t("Cr", "Cr", "Cr")
        case "ssl": t("SS", "SS", "SS")
        case "notifications": t("No", "No", "No")
        case "approval": t("Ap", "Ap", "Ap")
        case "quality": t("Qu", "Ca", "Qu")
        case "reports": t("Re", "Re", "Re")
        default: String(requirement.id.prefix(2))
        }
    }

    public var sellerColumn: String { t("Seller", "Vendedor", "Vendedor") }
    public var verdictColumn: String { t("Verdict", "Estado", "Estado") }
    public var lastCheckColumn: String { t("Last check", "Verificado", "Verificado") }
    public var noteColumn: String { t("Worst finding", "Peor hallazgo", "Pior achado") }
    /// The verdict of a seller with no stored results.
    public var notCheckedWord: String { t("NO DATA", "SIN DATOS", "SEM DADOS") }
    public var errorWord: String { t("ERROR", "ERROR", "ERRO") }

    public func allSellersTitle(_ count: Int) -> String {
        t(
            "golive readiness — \(count) sellers", "golive: preparación de \(count) vendedores",
            "golive: preparo de \(count) vendedores")
    }

    /// `2 of 3 sellers ready, 1 with errors`.
    public func sellersSummary(ready: Int, of total: Int, errors: Int) -> String {
        let base = t(
            "\(ready) of \(total) sellers ready", "\(ready) de \(total) vendedores listos",
            "\(ready) de \(total) vendedores prontos")
        guard errors > 0 else { return base }
        return base + t(", \(errors) with errors", ", \(errors) con errores", ", \(errors) com erros")
    }

    public func sellerHeading(_ name: String, userID: Int64?) -> String {
        let account = userID.map { t(" · user \($0)", " · usuario \($0)", " · usuário \($0)") } ?? ""
        return t("Seller \"\(name)\"", "Vendedor \"\(name)\"", "Vendedor \"\(name)\"") + account
    }

    public var fixTheSellersAbove: String {
        t(
            "Fix the sellers above; `golive check --seller NAME` shows one in full",
            "Corrige los vendedores de arriba; `golive check --seller NOMBRE` muestra uno completo",
            "Corrija os vendedores acima; `golive check --seller NOME` mostra um completo")
    }

    // MARK: the dashboard's overview screen

    public var allSellersTitle: String { t("All sellers", "Todos los vendedores", "Todos os vendedores") }
    public var noSellerResults: String {
        t(
            "No check results in the store yet for any seller.",
            "Todavía no hay resultados de verificación para ningún vendedor.",
            "Ainda não há resultados de verificação para nenhum vendedor.")
    }
    public var overviewHint: String {
        t(
            "Enter: show this seller · worst first", "Enter: ver este vendedor · peores primero",
            "Enter: ver este vendedor · piores primeiro")
    }
    public var overviewWallHint: String {
        t("worst first · read from the store", "peores primero · leído del store", "piores primeiro · lido do store")
    }
}
