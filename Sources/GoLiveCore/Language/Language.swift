import Foundation

/// The languages golive speaks (DESIGN.md: `--lang en|es|pt-BR`).
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    case english = "en"
    case spanish = "es"
    case portuguese = "pt-BR"

    /// Parses `--lang`/`GOLIVE_LANG` (`es`, `pt-BR`, `pt_br`, `en`…); nil when not one of ours.
    public init?(option: String) {
        switch option.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "en", "en-us", "en-gb": self = .english
        case "es", "es-ar", "es-mx", "es-es", "es-cl", "es-co", "es-pe", "es-uy": self = .spanish
        case "pt", "pt-br": self = .portuguese
        default: return nil
        }
    }

    /// From the locale variables' text, whether or not that locale is installed (`es_AR.UTF-8` → es).
    /// `LC_ALL` wins over `LC_MESSAGES` over `LANG`; `C`/`POSIX` and anything else mean English.
    public static func fromLocaleEnvironment(_ environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let base = value.split(separator: ".").first.map(String.init) ?? value
            let language = base.split(separator: "_").first.map { $0.lowercased() } ?? ""
            switch language {
            case "es": return .spanish
            case "pt": return .portuguese
            default: return .english
            }
        }
        return .english
    }

    /// DESIGN.md's precedence: `--lang` beats `GOLIVE_LANG` beats the config file's `lang:` beats the locale
    /// variables' text (installed or not); else English. An unknown name is a usage error, not a silent English.
    public static func choose(option: String?, environment: [String: String], configured: String? = nil)
        throws(GoLiveError)
        -> Language
    {
        let fromEnvironment = environment["GOLIVE_LANG"].flatMap { $0.isEmpty ? nil : $0 }
        guard let text = option ?? fromEnvironment ?? configured else { return fromLocaleEnvironment(environment) }
        guard let chosen = Language(option: text) else {
            throw GoLiveError(.usage, "Unknown language \"\(text)\".", remedy: "Use en, es or pt-BR.")
        }
        return chosen
    }
}
