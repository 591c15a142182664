public import GoLiveCore

/// The words of `golive check`'s readable report (the human output; `--json` stays English and unchanged).
extension UIText {
    /// `READY`-style status words for the report, padded by the caller: en `PASS`/`WARN`/`FAIL`/`UNKNOWN`.
    public func reportStatus(_ status: CheckStatus) -> String { plainStatus(status) }

    public func readinessTitle(seller: String, userID: Int64?) -> String {
        let account =
            userID.map {
                t(" · Mercado Pago user \($0)", " · usuario de Mercado Pago \($0)", " · usuário do Mercado Pago \($0)")
            } ?? ""
        return t(
            "golive readiness — seller \"\(seller)\"", "golive: preparación del vendedor \"\(seller)\"",
            "golive: preparo do vendedor \"\(seller)\"")
            + account
    }

    public func checkedAt(_ timestamp: String, context: String) -> String {
        t(
            "checked \(timestamp) · \(context)", "verificado \(timestamp) · \(context)",
            "verificado \(timestamp) · \(context)")
    }

    /// `3 pass, 1 warn, 2 fail, 0 unknown`.
    public func tally(_ counts: [CheckStatus: Int]) -> String {
        CheckStatus.allCases.map { status in
            let count = counts[status] ?? 0
            let word: String =
                switch status {
                case .pass: t("pass", count == 1 ? "aprobada" : "aprobadas", count == 1 ? "aprovada" : "aprovadas")
                case .warn: t("warn", count == 1 ? "con aviso" : "con aviso", count == 1 ? "com aviso" : "com aviso")
                case .fail: t("fail", count == 1 ? "fallida" : "fallidas", count == 1 ? "com falha" : "com falha")
                case .unknown:
                    t("unknown", count == 1 ? "sin datos" : "sin datos", count == 1 ? "sem dados" : "sem dados")
                }
            return "\(count) \(word)"
        }.joined(separator: ", ")
    }

    public var readyWord: String { t("READY", "LISTO", "PRONTO") }
    public var notReadyWord: String { t("NOT READY", "NO LISTO", "NÃO PRONTO") }
    public var fixFailLines: String {
        t("Fix the FAIL lines", "Corrige las líneas FALLA", "Corrija as linhas FALHA")
    }
    public var unknownLinesAdvice: String {
        t(
            "UNKNOWN lines say what evidence is missing", "las líneas DESCONOCIDO dicen qué evidencia falta",
            "as linhas DESCONHECIDO dizem que evidência falta")
    }

    public func demoContext(_ url: String) -> String {
        t(
            "demo against the embedded Sandbox at \(url)", "demo contra el Sandbox integrado en \(url)",
            "demo com o Sandbox embutido em \(url)")
    }
}
