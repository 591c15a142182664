/// One terminal cell: the grapheme drawn there and its semantic role (the theme decides the colours).
/// A wide character occupies its cell and a `continuation` cell to its right.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var role: Role
    public var emphasis: Bool

    public init(text: String = " ", role: Role = .text, emphasis: Bool = false) {
        self.text = text
        self.role = role
        self.emphasis = emphasis
    }

    /// The right half of a wide character.
    public static let continuation = Cell(text: "")
    public var isContinuation: Bool { text.isEmpty }
}

/// The in-memory screen every view renders into. Terminal-free: tests snapshot it, the ncurses backend copies
/// the cells that changed since the previous frame.
public struct CellGrid: Sendable, Equatable {
    public let size: TerminalSize
    public private(set) var cells: [Cell]

    public init(size: TerminalSize, fill: Cell = Cell()) {
        self.size = size
        cells = Array(repeating: fill, count: size.width * size.height)
    }

    public var width: Int { size.width }
    public var height: Int { size.height }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Fills a rectangle (clipped to the grid).
    public mutating func fill(_ rect: Rect, with cell: Cell = Cell()) {
        for y in max(0, rect.y)..<min(height, rect.maxY) where rect.x < width {
            for x in max(0, rect.x)..<min(width, rect.maxX) { self[x, y] = cell }
        }
    }

    /// Writes `text` from (x, y) on one line, never past `limit` (exclusive column, default the grid's edge).
    /// A wide character that would not fit whole is not drawn. Returns the column after the last one written.
    @discardableResult
    public mutating func put(
        _ text: String, x: Int, y: Int, role: Role = .text, emphasis: Bool = false, limit: Int? = nil
    ) -> Int {
        guard y >= 0, y < height else { return x }
        let end = min(limit ?? width, width)
        var column = x
        if DisplayWidth.isSimple(text) {
            // One cell per scalar (no grapheme breaking, no width lookups): the common case, kept fast.
            for scalar in text.unicodeScalars {
                if column >= end { break }
                if column >= 0 {
                    clearHalfOfWide(at: column, y: y)
                    self[column, y] = Cell(text: Self.text(of: scalar), role: role, emphasis: emphasis)
                }
                column += 1
            }
            return column
        }
        for character in text {
            if character == "\n" || character == "\r" || character == "\t" {
                if column >= 0, column < end { self[column, y] = Cell(text: " ", role: role, emphasis: emphasis) }
                column += 1
                continue
            }
            let columns = DisplayWidth.of(character)
            if columns == 0 { continue }
            if column + columns > end { break }
            if column >= 0 {
                clearHalfOfWide(at: column, y: y)
                self[column, y] = Cell(text: String(character), role: role, emphasis: emphasis)
                if columns == 2 {
                    clearHalfOfWide(at: column + 1, y: y)
                    self[column + 1, y] = .continuation
                }
            }
            column += columns
        }
        return column
    }

    /// One-scalar strings of printable ASCII, made once (a cell's text without building a String per cell).
    private static let ascii: [String] = (0x20..<0x7F).map { String(Character(Unicode.Scalar(UInt8($0)))) }

    private static func text(of scalar: Unicode.Scalar) -> String {
        let value = scalar.value
        return value >= 0x20 && value < 0x7F ? ascii[Int(value) - 0x20] : String(Character(scalar))
    }

    /// Overwriting half of a wide character blanks its other half, so no orphan half stays on screen.
    private mutating func clearHalfOfWide(at x: Int, y: Int) {
        guard contains(x: x, y: y) else { return }
        if self[x, y].isContinuation, x > 0 {
            self[x - 1, y] = Cell(text: " ", role: self[x - 1, y].role)
        } else if x + 1 < width, self[x + 1, y].isContinuation, DisplayWidth.of(self[x, y].text) == 2 {
            self[x + 1, y] = Cell(text: " ", role: self[x, y].role)
        }
    }

    /// The screen as text, one line a row (a wide character counts once).
    public var text: String {
        (0..<height).map { row($0) }.joined(separator: "\n")
    }

    public func row(_ y: Int) -> String {
        var line = ""
        for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].text }
        return line
    }

    /// The roles as one letter a cell (``Role/code``), for snapshots that check colours by meaning.
    public var roleMap: String {
        (0..<height).map { y in
            String((0..<width).map { x in self[x, y].role.code })
        }.joined(separator: "\n")
    }
}
