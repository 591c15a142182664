public import GoLiveCore

/// Glyphs in two sets: Unicode for UTF-8 terminals, ASCII for the rest (htop `-U`). Status is always a glyph
/// and a word, never colour alone.
public struct Symbols: Sendable, Hashable {
    public var pass, warn, fail, unknown: String
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public var gaugeFull, gaugeEmpty, gaugeMark: String
    public var ellipsis, separator, pointer: String
    /// After a walkthrough step's number in the progress strip: the step was visited (read) before.
    public var visited = "•"

    public static let unicode = Symbols(
        pass: "✓", warn: "▲", fail: "✗", unknown: "?", horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
        bottomLeft: "└", bottomRight: "┘", gaugeFull: "█", gaugeEmpty: "░", gaugeMark: "┃", ellipsis: "…",
        separator: "·", pointer: "▶")

    public static let ascii = Symbols(
        pass: "+", warn: "!", fail: "x", unknown: "?", horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
        bottomLeft: "+", bottomRight: "+", gaugeFull: "#", gaugeEmpty: ".", gaugeMark: "|", ellipsis: "~",
        separator: "-", pointer: ">", visited: "*")

    public func glyph(_ status: CheckStatus) -> String {
        switch status {
        case .pass: pass
        case .warn: warn
        case .fail: fail
        case .unknown: unknown
        }
    }

    /// `✓ PASS`, `✗ FAIL`…: glyph and word, the same width for every status.
    public func badge(_ status: CheckStatus) -> String {
        switch status {
        case .pass: "\(pass) PASS"
        case .warn: "\(warn) WARN"
        case .fail: "\(fail) FAIL"
        case .unknown: "\(unknown) ----"
        }
    }

    public static func role(_ status: CheckStatus) -> Role {
        switch status {
        case .pass: .ok
        case .warn: .warn
        case .fail: .crit
        case .unknown: .unknown
        }
    }
}
