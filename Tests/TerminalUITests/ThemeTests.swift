import Foundation
import GoLiveThemes
import TerminalUI
import Testing

@Suite struct ThemeTests {
    @Test func shippedThemesAreCompiledInAndComplete() {
        let catalog = ThemeCatalog.builtIn()
        #expect(catalog.names == ThemeCatalog.shippedNames)
        #expect(catalog.problems.isEmpty)
        for theme in catalog.themes {
            #expect(Set(theme.styles.keys) == Set(Role.allCases), "\(theme.name) names every role")
        }
    }

    @Test func embeddedCopiesMatchTheRepositoryThemesFolder() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for name in ThemeCatalog.shippedNames {
            let published = try String(contentsOf: root.appendingPathComponent("themes/\(name).yaml"), encoding: .utf8)
            let embedded = try String(
                contentsOf: root.appendingPathComponent("Sources/GoLiveThemes/Themes/\(name).yaml"), encoding: .utf8)
            #expect(published == embedded, "themes/\(name).yaml and its compiled-in copy differ")
        }
    }

    @Test func userThemesReplaceAndExtendAndBrokenOnesAreReported() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-themes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let folder = home.appendingPathComponent("golive/themes")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "name: dark\nroles:\n  ok: { fg: blue }\n".write(
            to: folder.appendingPathComponent("dark.yaml"), atomically: true, encoding: .utf8)
        try "name: sunset\nbase: light\nroles:\n  crit: { fg: '#ff0000', bold: true }\n".write(
            to: folder.appendingPathComponent("sunset.yml"), atomically: true, encoding: .utf8)
        try "name: broken\nroles:\n  ok: { fg: notacolour }\n".write(
            to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        try "name: [oops".write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)

        let catalog = ThemeCatalog.load(environment: ["XDG_CONFIG_HOME": home.path])
        #expect(catalog.theme(named: "dark")?.style(for: .ok).foreground == .indexed(4))
        let sunset = try #require(catalog.theme(named: "sunset"))
        #expect(sunset.style(for: .crit) == Style(foreground: .indexed(196), bold: true))
        #expect(sunset.style(for: .selection) == catalog.theme(named: "light")?.style(for: .selection))
        #expect(catalog.theme(named: "broken") == nil)
        #expect(catalog.problems.count == 2)
        #expect(catalog.problems.contains { $0.contains("broken.yaml") && $0.contains("notacolour") })
    }

    @Test func missingUserFolderIsFine() {
        let catalog = ThemeCatalog.load(environment: ["XDG_CONFIG_HOME": "/nonexistent/golive-test"])
        #expect(catalog.names == ThemeCatalog.shippedNames)
    }

    @Test func noColorPicksMonochromeUnlessAThemeIsAsked() throws {
        let catalog = ThemeCatalog.builtIn()
        #expect(try catalog.initialTheme(requested: nil, environment: ["NO_COLOR": "1"]).get().name == "monochrome")
        #expect(try catalog.initialTheme(requested: "light", environment: ["NO_COLOR": "1"]).get().name == "light")
        #expect(try catalog.initialTheme(requested: nil, environment: [:]).get().name == "dark")
        guard case .failure(let problem) = catalog.initialTheme(requested: "nope", environment: [:]) else {
            Issue.record("an unknown theme must be refused")
            return
        }
        #expect(problem.message.contains("colorblind"))
    }

    @Test func coloursParseAndReduce() {
        #expect(TerminalColor(parsing: "bright_red") == .indexed(9))
        #expect(TerminalColor(parsing: "244") == .indexed(244))
        #expect(TerminalColor(parsing: "#ff0000") == .indexed(196))
        #expect(TerminalColor(parsing: "#000000") == .indexed(16))
        #expect(TerminalColor(parsing: "purple-ish") == nil)
        #expect(TerminalColor.indexed(196).reduced(toColors: 8) == .indexed(1))
        #expect(TerminalColor.indexed(9).reduced(toColors: 8) == .indexed(1))
        #expect(TerminalColor.indexed(9).reduced(toColors: 16) == .indexed(9))
        #expect(TerminalColor.default.reduced(toColors: 8) == .default)
    }
}
