import Foundation

/// The words of the go-live report (`golive walkthrough --export FILE.md`): headings and labels in the chosen
/// language; ids, check ids, file names and times stay as stored. The JSON export stays English.
extension UIText {
    public func exportTitle(_ seller: String) -> String {
        t("Go-live report: \(seller)", "Informe de salida a producción: \(seller)", "Relatório de go-live: \(seller)")
    }
    public var exportSeller: String { t("Seller", "Vendedor", "Vendedor") }
    public func exportUser(_ id: Int64) -> String { t("user \(id)", "usuario \(id)", "usuário \(id)") }
    public var exportReady: String { t("Ready", "Listo", "Pronto") }
    public var exportYes: String { t("yes", "sí", "sim") }
    public var exportNo: String { t("no", "no", "não") }
    public var exportGenerated: String { t("Generated", "Generado", "Gerado") }
    public var exportStarted: String {
        t("Walkthrough started", "Recorrido iniciado", "Roteiro iniciado")
    }
    public var exportLastUsed: String {
        t("Walkthrough last used", "Recorrido usado por última vez", "Roteiro usado pela última vez")
    }
    public var exportQualityScore: String { t("Quality score", "Puntaje de calidad", "Pontuação de qualidade") }
    /// `68 / 100 (minimum 73, not passed, golive's estimate; official 70) from payment 123, TIME`.
    public func exportQuality(
        score: Int, threshold: Int, passed: Bool, estimate: Bool, official: Int?, payment: String, at time: String
    ) -> String {
        let verdict = passed ? t("passed", "aprobado", "aprovado") : t("not passed", "no aprobado", "não aprovado")
        let estimated = estimate ? t(", golive's estimate", ", estimación de golive", ", estimativa do golive") : ""
        let officially = official.map { t("; official \($0)", "; oficial \($0)", "; oficial \($0)") } ?? ""
        let minimum = t("minimum", "mínimo", "mínimo")
        let from = t("from payment", "del pago", "do pagamento")
        return
            "\(score) / 100 (\(minimum) \(threshold), \(verdict)\(estimated)\(officially)) \(from) \(payment), \(time)"
    }
    public var exportRequirements: String { t("Requirements", "Requisitos", "Requisitos") }
    public var exportRequirement: String { t("Requirement", "Requisito", "Requisito") }
    public var exportStatus: String { t("Status", "Estado", "Situação") }
    public func exportChecked(_ time: String) -> String {
        t("checked \(time)", "verificado \(time)", "verificado \(time)")
    }
    public var exportToDo: String { t("To do", "Por hacer", "A fazer") }
    public var exportNotChecked: String { t("NOT CHECKED", "SIN VERIFICAR", "NÃO VERIFICADO") }
    public var exportNoResult: String {
        t("no result stored yet", "todavía no hay resultado guardado", "ainda não há resultado salvo")
    }
    public func exportSignedOff(_ what: String, by: String, at time: String) -> String {
        t(
            "Signed off \(what) by \(by), \(time)", "Aprobado \(what) por \(by), \(time)",
            "Aprovado \(what) por \(by), \(time)")
    }
    public var exportSignOffs: String { t("Sign-offs", "Aprobaciones manuales", "Aprovações manuais") }
    public var exportNone: String { t("None.", "Ninguna.", "Nenhuma.") }
    public var exportWhat: String { t("What", "Qué", "O quê") }
    public var exportBy: String { t("By", "Por", "Por") }
    public var exportWhen: String { t("When", "Cuándo", "Quando") }
    public var exportNote: String { t("Note", "Nota", "Nota") }
    public var exportReports: String { t("Reports fetched", "Reportes descargados", "Relatórios baixados") }
}
