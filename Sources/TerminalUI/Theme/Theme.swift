import Foundation

/// A terminal colour: the terminal's default, or one of the 256 xterm colours (0–15 are the named ANSI ones).
public enum TerminalColor: Sendable, Hashable, CustomStringConvertible {
    case `default`
    case indexed(UInt8)

    public static let names: [String] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright_black", "bright_red", "bright_green", "bright_yellow", "bright_blue", "bright_magenta",
        "bright_cyan", "bright_white",
    ]

    /// Parses `default`, a name (`green`, `bright_red`, `grey` = bright_black), `colorN`/`N` (0–255), or
    /// `#rrggbb` (mapped to the nearest of the 256 colours: ncurses draws through the palette).
    public init?(parsing text: String) {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        if value == "default" || value == "none" || value.isEmpty {
            self = .default
        } else if let index = Self.names.firstIndex(of: value) {
            self = .indexed(UInt8(index))
        } else if value == "grey" || value == "gray" {
            self = .indexed(8)
        } else if let number = UInt8(value.hasPrefix("color") ? String(value.dropFirst(5)) : value) {
            self = .indexed(number)
        } else if value.hasPrefix("#"), value.count == 7, let rgb = UInt32(value.dropFirst(), radix: 16) {
            self = .indexed(
                Self.nearest256(red: Int(rgb >> 16 & 0xFF), green: Int(rgb >> 8 & 0xFF), blue: Int(rgb & 0xFF)))
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .default: "default"
        case .indexed(let index) where index < 16: Self.names[Int(index)]
        case .indexed(let index): "color\(index)"
        }
    }

    /// The colour a terminal with only `colors` colours can show. The 256 palette collapses onto the 16 ANSI
    /// colours by hue and brightness (greys by lightness onto black, bright black, white, bright white), and
    /// onto the 8 basic ones by hue (bright colours lose their brightness, greys go to black or white).
    public func reduced(toColors colors: Int) -> TerminalColor {
        guard case .indexed(let index) = self else { return self }
        if colors >= 256 || Int(index) < min(colors, 16) { return self }
        if index < 16 { return .indexed(index % 8) }
        if let lightness = Self.greyLightness(index) {
            if colors >= 16 {
                return .indexed(lightness < 64 ? 0 : lightness < 144 ? 8 : lightness < 208 ? 7 : 15)
            }
            return .indexed(lightness < 144 ? 0 : 7)
        }
        let base = Self.nearestANSI(index)
        let cube = Int(index) - 16
        let top = max(cube / 36, cube / 6 % 6, cube % 6)
        return .indexed(colors >= 16 && top >= 4 && base != 0 ? base + 8 : base)
    }

    /// 0–255 lightness when `index` is a grey of the 256 palette (the grey ramp, or a cube entry with equal
    /// components; 8 = bright black), nil for a colour.
    static func greyLightness(_ index: UInt8) -> Int? {
        let levels = [0, 95, 135, 175, 215, 255]
        if index == 8 { return 128 }
        if index == 7 { return 192 }
        if index >= 232 { return 8 + Int(index - 232) * 10 }
        guard index >= 16 else { return nil }
        let cube = Int(index) - 16
        let (r, g, b) = (cube / 36, cube / 6 % 6, cube % 6)
        return r == g && g == b ? levels[r] : nil
    }

    /// True for a grey between black and white: on a terminal without greys it reads as "dimmed text".
    var isMidGrey: Bool {
        guard case .indexed(let index) = self, let lightness = Self.greyLightness(index) else { return false }
        return lightness >= 64 && lightness < 208
    }

    static func nearest256(red: Int, green: Int, blue: Int) -> UInt8 {
        let levels = [0, 95, 135, 175, 215, 255]
        func step(_ value: Int) -> Int { levels.enumerated().min { abs($0.1 - value) < abs($1.1 - value) }!.0 }
        let (r, g, b) = (step(red), step(green), step(blue))
        let cube = 16 + 36 * r + 6 * g + b
        let cubeDistance =
            (levels[r] - red) * (levels[r] - red) + (levels[g] - green) * (levels[g] - green)
            + (levels[b] - blue) * (levels[b] - blue)
        let average = (red + green + blue) / 3
        let grey = min(23, max(0, (average - 8) / 10))
        let greyValue = 8 + grey * 10
        let greyDistance =
            (greyValue - red) * (greyValue - red) + (greyValue - green) * (greyValue - green)
            + (greyValue - blue) * (greyValue - blue)
        return UInt8(greyDistance < cubeDistance ? 232 + grey : cube)
    }

    /// The ANSI colour (0–7) closest in hue to a 256-palette entry.
    static func nearestANSI(_ index: UInt8) -> UInt8 {
        if index >= 232 { return index >= 244 ? 7 : 0 }
        if index < 16 { return index % 8 }
        let cube = Int(index) - 16
        let (r, g, b) = (cube / 36, cube / 6 % 6, cube % 6)
        let top = max(r, g, b)
        if top == 0 { return 0 }
        let threshold = max(1, top - 1)
        let bits = (r >= threshold ? 1 : 0) | (g >= threshold ? 2 : 0) | (b >= threshold ? 4 : 0)
        return UInt8(bits)
    }
}

/// How one role looks.
public struct Style: Sendable, Hashable, CustomStringConvertible {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(
        foreground: TerminalColor = .default, background: TerminalColor = .default, bold: Bool = false,
        underline: Bool = false, reverse: Bool = false, dim: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }

    public var description: String {
        var parts = ["fg=\(foreground)", "bg=\(background)"]
        if bold { parts.append("bold") }
        if underline { parts.append("underline") }
        if reverse { parts.append("reverse") }
        if dim { parts.append("dim") }
        return parts.joined(separator: " ")
    }
}

extension Style {
    /// This style on a terminal with `colors` colours (TerminalColor/reduced(toColors:)). On terminals without
    /// greys (8 colours) a mid-grey foreground (muted text, borders) becomes the default colour dimmed, so it
    /// stays readable on dark and light backgrounds alike instead of turning black; a foreground that would
    /// equal its background falls back to the default colour.
    public func reduced(toColors colors: Int) -> Style {
        guard colors < 256 else { return self }
        var style = self
        style.foreground = foreground.reduced(toColors: colors)
        style.background = background.reduced(toColors: colors)
        if colors < 16, foreground.isMidGrey {
            style.foreground = .default
            style.dim = true
        }
        if style.foreground == style.background, style.foreground != .default { style.foreground = .default }
        return style
    }
}

/// A named mapping from roles to styles. Roles a theme leaves out look like `text`.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var summary: String
    public var styles: [Role: Style]

    public init(name: String, summary: String = "", styles: [Role: Style]) {
        self.name = name
        self.summary = summary
        self.styles = styles
    }

    /// False when every role keeps the terminal's own colours (monochrome, NO_COLOR): no colour is started.
    public var usesColor: Bool {
        styles.values.contains { $0.foreground != .default || $0.background != .default }
    }

    public func style(for role: Role) -> Style {
        styles[role] ?? styles[.text] ?? Style()
    }

    /// One line a role, for snapshots and `golive dashboard --list-themes`.
    public var legend: String {
        Role.allCases.map { "\($0.rawValue): \(style(for: $0))" }.joined(separator: "\n")
    }

    /// The built-in fallback when no theme file can be read: attributes only, works on any terminal.
    public static let monochrome = Theme(
        name: "monochrome", summary: "No colour: bold, underline and reverse only.",
        styles: [
            .text: Style(), .muted: Style(dim: true), .border: Style(), .focus: Style(bold: true),
            .title: Style(bold: true), .header: Style(reverse: true), .accent: Style(underline: true),
            .ok: Style(), .warn: Style(bold: true), .crit: Style(bold: true, reverse: true),
            .unknown: Style(dim: true), .selection: Style(reverse: true), .keyhint: Style(bold: true),
            .badgeTest: Style(bold: true, reverse: true), .badgeProduction: Style(bold: true, reverse: true),
            .overlay: Style(),
        ])
}
