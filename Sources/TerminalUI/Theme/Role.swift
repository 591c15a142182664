/// What a cell means; a theme maps each role to colours and attributes (never the other way round), so every
/// screen works in every theme and a monochrome terminal still shows every state (with glyphs and labels).
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    case text
    case muted
    case border
    case focus
    case title
    case header
    case accent
    case ok
    case warn
    case crit
    case unknown
    case selection
    case keyhint
    case badgeTest = "badge_test"
    case badgeProduction = "badge_production"
    case overlay

    /// One letter for role-map snapshots.
    public var code: Character {
        switch self {
        case .text: "."
        case .muted: "m"
        case .border: "b"
        case .focus: "F"
        case .title: "T"
        case .header: "H"
        case .accent: "a"
        case .ok: "o"
        case .warn: "w"
        case .crit: "c"
        case .unknown: "u"
        case .selection: "S"
        case .keyhint: "k"
        case .badgeTest: "t"
        case .badgeProduction: "p"
        case .overlay: "v"
        }
    }
}
