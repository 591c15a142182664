import Foundation
import GoLiveCore
import Testing

/// `golive check`'s readable report in the chosen language (the real binary, the embedded Sandbox); the JSON
/// document does not change with the language.
@Suite struct LanguageCommandTests {
    @Test func demoCheckSpeaksSpanishFromAnUninstalledLocaleAndPortugueseFromGoLiveLang() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let spanish = try await binary.run(["demo", "check"], environment: ["LANG": "es_AR.UTF-8"])
        #expect(spanish.status == 1, "\(spanish.stderr)")
        #expect(spanish.stdout.contains("golive: preparación del vendedor \"production\""), "\(spanish.stdout)")
        #expect(spanish.stdout.contains("NO LISTO"))
        #expect(spanish.stdout.contains("credentials.production"), "ids stay as they are")
        #expect(spanish.stdout.contains("Credenciales de producción de la cuenta real TIENDAELSOL"))
        #expect(!spanish.stdout.contains("NOT READY"))

        let portuguese = try await binary.run(
            ["demo", "check"], environment: ["LANG": "es_AR.UTF-8", "GOLIVE_LANG": "pt-BR"])
        #expect(portuguese.stdout.contains("NÃO PRONTO"), "\(portuguese.stdout)")
        #expect(portuguese.stdout.contains("Credenciais de produção da conta real TIENDAELSOL"))

        let json = try await binary.run(["demo", "check", "--json", "--lang", "es"])
        let document = try JSONValue.parse(Data(json.stdout.utf8))
        #expect(document["ready"] == .bool(false))
        #expect(json.stdout.contains("Production credentials of the real account"), "JSON stays English")

        let unknown = try await binary.run(["demo", "check", "--lang", "fr"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unknown language"))
    }
}
