/// A run of text in one role.
public struct Span: Sendable, Hashable {
    public var text: String
    public var role: Role
    public init(_ text: String, _ role: Role = .text) {
        self.text = text
        self.role = role
    }
}

/// One line of pane content: spans drawn left to right, clipped to the pane.
public struct Line: Sendable, Hashable {
    public var spans: [Span]
    /// Drawn in the selection role across the whole width (the highlighted feed row).
    public var selected: Bool

    public init(_ spans: [Span], selected: Bool = false) {
        self.spans = spans
        self.selected = selected
    }

    public init(_ text: String, _ role: Role = .text) {
        self.init([Span(text, role)])
    }

    public static let blank = Line([])

    public var text: String { spans.map(\.text).joined() }
}

/// Long text broken into lines of at most `width` columns, at spaces when possible.
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
        var word = String(word)
        let candidate = current.isEmpty ? word : current + " " + word
        if DisplayWidth.of(candidate) <= width {
            current = candidate
            continue
        }
        if !current.isEmpty { lines.append(current) }
        // A word longer than the line is cut into pieces.
        while DisplayWidth.of(word) > width {
            var piece = ""
            var rest = Substring(word)
            while let character = rest.first, DisplayWidth.of(piece) + DisplayWidth.of(character) <= width {
                piece.append(character)
                rest = rest.dropFirst()
            }
            if piece.isEmpty { break }
            lines.append(piece)
            word = String(rest)
        }
        current = word
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}
