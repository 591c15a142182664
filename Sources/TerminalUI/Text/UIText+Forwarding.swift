public import GoLiveCore

/// Forwarding to the shop (issue 11): the feed's marker and the detail overlay's line.
extension UIText {
    /// The feed's short marker: `fwd ✓` delivered, `fwd …` pending, `fwd 3` retrying (attempts so far), `fwd ✗`
    /// dead (ASCII: `+`, `~`, `x`); nil when nothing was forwarded.
    public func forwardMarker(_ summary: ForwardSummary?, symbols: Symbols) -> String? {
        guard let summary else { return nil }
        switch summary.state {
        case .delivered: return "fwd " + symbols.pass
        case .pending: return "fwd " + symbols.ellipsis
        case .retrying: return "fwd \(summary.attempts)"
        case .dead: return "fwd " + symbols.fail
        case .notForwarded: return nil
        }
    }

    public var detailForwarding: String { t("To the shop", "A la tienda", "Para a loja") }

    /// `delivered`, `retrying (3 attempts: HTTP 500)`…, in the chosen language (the error stays as recorded).
    public func forwarding(_ summary: ForwardSummary) -> String {
        let state: String
        switch summary.state {
        case .delivered: state = t("delivered", "entregada", "entregue")
        case .pending: state = t("pending", "pendiente", "pendente")
        case .retrying: state = t("retrying", "reintentando", "tentando de novo")
        case .dead: state = t("DEAD (gave up)", "MUERTA (abandonada)", "MORTA (desistiu)")
        case .notForwarded: state = t("none", "ninguna", "nenhuma")
        }
        guard summary.state == .retrying || summary.state == .dead else { return state }
        let attempts = t("attempts", "intentos", "tentativas")
        return "\(state) (\(summary.attempts) \(attempts)" + (summary.lastError.map { ": \($0)" } ?? "") + ")"
    }
}
