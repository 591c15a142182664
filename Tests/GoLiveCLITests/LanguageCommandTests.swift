import Foundation
import GoLiveCore
import StoreSQLite
import TerminalUI
import Testing

@testable import GoLiveCLI

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

/// The notification detail's fetched-resource summary in the dashboard's language, money per currency.
@Suite struct FeedSummaryLanguageTests {
    @Test func spanishSummaryWithTheOrderAmountAsArgentinaWritesIt() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-lang-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
        let base = Date(timeIntervalSince1970: 1_795_737_600)
        let stored = try await store.recordNotifications([
            IncomingNotification(
                kind: .webhook, notificationID: "n-1", topic: "payment", action: "payment.created", dataID: "111",
                seller: "shop", signature: .valid, receivedAt: base)
        ])
        var item = try #require(stored.first)
        item.resourceStatus = "approved"
        let order = ShopOrder(
            seller: "shop", externalReference: "ORD-7", status: "approved", amount: Decimal(string: "1234.5"),
            currency: "ARS", source: .payment, sourceID: "111", dateLastUpdated: base, updatedAt: base)
        let spanish = NotificationFeed.entry(item, order: order, text: UIText(.spanish))
        #expect(spanish.resourceSummary == "payment 111: aprobado; pedido ORD-7, ARS 1.234,50, aprobado")
        let english = NotificationFeed.entry(item, order: order)
        #expect(english.resourceSummary == "payment 111: approved; order ORD-7, ARS 1.234,50, approved")
    }
}
