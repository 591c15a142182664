public import Foundation
public import TerminalUI
import Yams

/// The themes golive knows: the ones compiled into the binary, then the user's
/// (`$XDG_CONFIG_HOME/golive/themes/*.yaml|yml`), a user file replacing a shipped theme of the same name.
/// A broken user file never stops the dashboard: it is skipped and reported in ``problems``.
public struct ThemeCatalog: Sendable {
    public private(set) var themes: [Theme]
    /// One line per theme file that could not be used, naming the file and what is wrong.
    public private(set) var problems: [String]

    /// The shipped themes in display order; `dark` is the default.
    public static let shippedNames = ["dark", "light", "high-contrast", "colorblind", "monochrome"]

    public init(themes: [Theme] = [], problems: [String] = []) {
        self.themes = themes
        self.problems = problems
    }

    public var names: [String] { themes.map(\.name) }

    public func theme(named name: String) -> Theme? { themes.first { $0.name == name } }

    /// The shipped themes only (from the copies compiled into the binary).
    public static func builtIn() -> ThemeCatalog {
        var catalog = ThemeCatalog()
        for (file, bytes) in embeddedFiles {
            catalog.add(yaml: String(decoding: bytes, as: UTF8.self), origin: "built-in \(file)")
        }
        catalog.themes.sort { order($0.name) < order($1.name) }
        return catalog
    }

    /// Built-in themes plus the user's folder (`environment` decides where that is).
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> ThemeCatalog {
        var catalog = builtIn()
        if let folder = userFolder(environment: environment) { catalog.addFolder(folder) }
        return catalog
    }

    /// `$XDG_CONFIG_HOME/golive/themes`, else `$HOME/.config/golive/themes`.
    public static func userFolder(environment: [String: String]) -> URL? {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            return URL(fileURLWithPath: config).appendingPathComponent("golive/themes")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent(".config/golive/themes")
        }
        return nil
    }

    /// Adds every `.yaml`/`.yml` file of a folder (sorted by name); a missing folder adds nothing.
    public mutating func addFolder(_ folder: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let file = folder.appendingPathComponent(name)
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                problems.append("\(file.path): cannot be read as UTF-8 text.")
                continue
            }
            add(yaml: text, origin: file.path)
        }
    }

    /// Parses one theme file and adds it (replacing a theme of the same name).
    public mutating func add(yaml: String, origin: String) {
        do {
            let theme = try ThemeFile.parse(yaml, origin: origin, base: { name in self.theme(named: name) })
            if let index = themes.firstIndex(where: { $0.name == theme.name }) {
                themes[index] = theme
            } else {
                themes.append(theme)
            }
        } catch let error as ThemeFile.Problem {
            problems.append(error.message)
        } catch {
            problems.append("\(origin): \(error)")
        }
    }

    static func order(_ name: String) -> Int { shippedNames.firstIndex(of: name) ?? shippedNames.count }

    /// The theme to start with: `--theme` when given (nil and a message when unknown), monochrome under
    /// NO_COLOR, else dark.
    public func initialTheme(requested: String?, environment: [String: String]) -> Result<Theme, ThemeFile.Problem> {
        if let requested {
            if let theme = theme(named: requested) { return .success(theme) }
            return .failure(
                ThemeFile.Problem(
                    message: "There is no theme named \"\(requested)\". Known themes: \(names.joined(separator: ", "))."
                )
            )
        }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty, let mono = theme(named: "monochrome") {
            return .success(mono)
        }
        return .success(theme(named: "dark") ?? themes.first ?? .monochrome)
    }
}

/// The YAML format of a theme file (themes/README.md).
public enum ThemeFile {
    public struct Problem: Error, Sendable, Equatable {
        public var message: String
    }

    static func parse(_ text: String, origin: String, base: (String) -> Theme?) throws -> Theme {
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw Problem(message: "\(origin): not valid YAML (\(error)).")
        }
        guard let document = node as? [String: Any] else {
            throw Problem(message: "\(origin): a theme is a mapping with name, description and roles.")
        }
        guard let name = document["name"] as? String, !name.isEmpty else {
            throw Problem(message: "\(origin): the theme has no name.")
        }
        var styles: [Role: Style] = [:]
        if let baseName = document["base"] as? String {
            guard let parent = base(baseName) else {
                throw Problem(message: "\(origin): base theme \"\(baseName)\" is not known (it must load first).")
            }
            styles = parent.styles
        }
        guard let roles = document["roles"] as? [String: Any] else {
            throw Problem(message: "\(origin): the theme has no roles mapping.")
        }
        for (key, value) in roles {
            guard let role = Role(rawValue: key.replacingOccurrences(of: "-", with: "_")) else {
                let known = Role.allCases.map(\.rawValue).joined(separator: ", ")
                throw Problem(message: "\(origin): unknown role \"\(key)\". Roles: \(known).")
            }
            let fields = value as? [String: Any] ?? [:]
            styles[role] = try style(fields, role: key, origin: origin)
        }
        return Theme(name: name, summary: document["description"] as? String ?? "", styles: styles)
    }

    static func style(_ fields: [String: Any], role: String, origin: String) throws -> Style {
        var style = Style()
        for (key, value) in fields {
            switch key {
            case "fg", "bg":
                let text = value as? String ?? (value as? Int).map(String.init) ?? ""
                guard let color = TerminalColor(parsing: text) else {
                    throw Problem(
                        message:
                            "\(origin): role \(role): \(key) \"\(text)\" is not a colour (a name, 0-255 or #rrggbb).")
                }
                if key == "fg" { style.foreground = color } else { style.background = color }
            case "bold", "underline", "reverse", "dim":
                guard let flag = value as? Bool else {
                    throw Problem(message: "\(origin): role \(role): \(key) must be true or false.")
                }
                switch key {
                case "bold": style.bold = flag
                case "underline": style.underline = flag
                case "reverse": style.reverse = flag
                default: style.dim = flag
                }
            default:
                throw Problem(
                    message:
                        "\(origin): role \(role): unknown field \"\(key)\" (fg, bg, bold, underline, reverse, dim).")
            }
        }
        return style
    }
}
