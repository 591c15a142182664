import Foundation

/// A 3×5 block-letter font for the wall's readiness banner ("READY", "NOT READY 6/9"), readable across a room.
/// Each glyph is five rows of three pixels; a pixel is drawn as one or two cells of `█` (or `#` without
/// Unicode). Letters are folded to ASCII capitals first (`NÃO` → `NAO`); anything else becomes a blank.
public enum BannerFont {
    public static let height = 5
    static let glyphWidth = 3

    // swift-format-ignore
    static let glyphs: [Character: [String]] = [
        "A": [" # ", "# #", "###", "# #", "# #"], "B": ["## ", "# #", "## ", "# #", "## "],
        "C": [" ##", "#  ", "#  ", "#  ", " ##"], "D": ["## ", "# #", "# #", "# #", "## "],
        "E": ["###", "#  ", "## ", "#  ", "###"], "F": ["###", "#  ", "## ", "#  ", "#  "],
        "G": [" ##", "#  ", "# #", "# #", " ##"], "H": ["# #", "# #", "###", "# #", "# #"],
        "I": ["###", " # ", " # ", " # ", "###"], "J": ["  #", "  #", "  #", "# #", " # "],
        "K": ["# #", "# #", "## ", "# #", "# #"], "L": ["#  ", "#  ", "#  ", "#  ", "###"],
        "M": ["# #", "###", "###", "# #", "# #"], "N": ["# #", "###", "###", "###", "# #"],
        "O": [" # ", "# #", "# #", "# #", " # "], "P": ["## ", "# #", "## ", "#  ", "#  "],
        "Q": [" # ", "# #", "# #", "###", " ##"], "R": ["## ", "# #", "## ", "# #", "# #"],
        "S": [" ##", "#  ", " # ", "  #", "## "], "T": ["###", " # ", " # ", " # ", " # "],
        "U": ["# #", "# #", "# #", "# #", "###"], "V": ["# #", "# #", "# #", "# #", " # "],
        "W": ["# #", "# #", "###", "###", "# #"], "X": ["# #", "# #", " # ", "# #", "# #"],
        "Y": ["# #", "# #", " # ", " # ", " # "], "Z": ["###", "  #", " # ", "#  ", "###"],
        "0": ["###", "# #", "# #", "# #", "###"], "1": [" # ", "## ", " # ", " # ", "###"],
        "2": ["## ", "  #", " # ", "#  ", "###"], "3": ["## ", "  #", " # ", "  #", "## "],
        "4": ["# #", "# #", "###", "  #", "  #"], "5": ["###", "#  ", "## ", "  #", "## "],
        "6": [" ##", "#  ", "###", "# #", "###"], "7": ["###", "  #", " # ", " # ", " # "],
        "8": ["###", "# #", "###", "# #", "###"], "9": ["###", "# #", "###", "  #", "## "],
        "/": ["  #", "  #", " # ", "#  ", "#  "], "-": ["   ", "   ", "###", "   ", "   "],
        ":": ["   ", " # ", "   ", " # ", "   "],
    ]

    /// The text as the font can draw it: capitals without accents.
    static func fold(_ text: String) -> [Character] {
        Array(text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).uppercased())
    }

    /// Columns needed for `text` with pixels `pixel` cells wide (one blank pixel between letters).
    public static func width(of text: String, pixel: Int) -> Int {
        let count = fold(text).count
        return count == 0 ? 0 : count * (glyphWidth + 1) * pixel - pixel
    }

    /// The five rows of `text`, each pixel `pixel` cells of `ink` wide.
    public static func rows(_ text: String, pixel: Int, ink: String) -> [String] {
        let blank = String(repeating: " ", count: pixel)
        let solid = String(repeating: ink, count: pixel)
        let letters = fold(text)
        return (0..<height).map { row in
            letters.enumerated().map { index, letter in
                let pattern = glyphs[letter]?[row] ?? "   "
                let drawn = pattern.map { $0 == "#" ? solid : blank }.joined()
                return index == letters.count - 1 ? drawn : drawn + blank
            }.joined()
        }
    }
}
