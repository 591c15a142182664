/// How a delivery's state is written in one line (`golive notifications`, the feed).
public enum ForwardText {
    /// Short (the feed): `fwd ok`, `fwd …`, `fwd retry 3`, `fwd DEAD`; long (`golive notifications`) adds the
    /// attempts and the last error: `fwd retrying (3 attempts: HTTP 500)`.
    public static func marker(_ summary: ForwardSummary, long: Bool) -> String {
        guard long else {
            switch summary.state {
            case .delivered: return "fwd ok"
            case .pending: return "fwd …"
            case .retrying: return "fwd retry \(summary.attempts)"
            case .dead: return "fwd DEAD"
            case .notForwarded: return ""
            }
        }
        var text = "fwd " + (summary.state == .dead ? "DEAD" : summary.state.rawValue)
        switch summary.state {
        case .retrying, .dead:
            text += " (\(summary.attempts) attempt\(summary.attempts == 1 ? "" : "s")"
            if let error = summary.lastError { text += ": \(error)" }
            text += ")"
        default: break
        }
        return text
    }
}
