import Foundation
import GoLiveCore
import MercadoPagoSandbox
import StoreSQLite
import TerminalUI
import Testing

@testable import GoLiveCLI

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Payer data masked in every output and export (issue 11, "Data"): Sandbox payments carry a real-looking payer,
/// the store holds a notification whose body, error and refusal quote that payer, and every command's stdout,
/// stderr, JSON and export file — and what the dashboard and the wall draw — is searched for it.
@Suite("Payer data in every output", .serialized)
struct PayerMaskingSweepTests {
    static let email = "maria.gonzalez@correo.com.ar"
    static let identification = "30123456"
    static let phone = "5555-0123"
    static let lastName = "González"
    static let street = "Corrientes"
    static let secrets = [email, identification, phone, lastName, street]

    static let payer: String = """
        {"email":"\(email)","first_name":"María","last_name":"\(lastName)",\
        "identification":{"type":"DNI","number":"\(identification)"},"phone":{"area_code":"11","number":"\(phone)"},\
        "address":{"street_name":"Av. \(street)","street_number":"1234","zip_code":"C1043"}}
        """

    func leaks(_ text: String) -> [String] { Self.secrets.filter { text.contains($0) } }

    func createPayment(_ base: URL, token: String, reference: String) async throws -> String {
        var request = URLRequest(url: base.appendingPathComponent("v1/payments"))
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(UUID().uuidString, forHTTPHeaderField: "X-Idempotency-Key")
        request.httpBody = Data(
            """
            {"transaction_amount":1500.5,"payment_method_id":"visa","external_reference":"\(reference)",\
            "description":"Zapatillas","payer":\(Self.payer),"additional_info":{"payer":\(Self.payer)}}
            """.utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        return try #require(try JSONValue.parse(data)["id"].string, "\(String(decoding: data, as: UTF8.self))")
    }

    @Test("no full e-mail, identification number, name, phone or address in any output")
    func sweep() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let storePath = binary.home.appendingPathComponent("store/golive.sqlite").path
        let account = MercadoPagoSandbox.account(named: "production")!
        let environment = [
            "MP_ACCESS_TOKEN": account.accessToken, "MP_API_BASE": url.absoluteString,
            "GOLIVE_STORE": "sqlite:" + storePath, "GOLIVE_LOG_LEVEL": "debug",
        ]
        let payment = try await createPayment(url, token: account.accessToken, reference: "order-1")
        _ = try await createPayment(url, token: account.accessToken, reference: "order-2")

        // The store quotes the payer the way a forged or unusual delivery and a failed fetch would.
        let store = try SQLiteStore(path: storePath)
        let body = """
            {"id":"n-1","type":"payment","action":"payment.updated","data":{"id":"\(payment)"},"payer":\(Self.payer)}
            """
        let stored = try await store.recordNotifications([
            IncomingNotification(
                kind: .webhook, notificationID: "n-1", topic: "payment", action: "payment.updated", dataID: payment,
                liveMode: true, userID: account.userID, requestID: "r-1", seller: nil, signature: .notConfigured,
                signatureVariant: nil, receivedAt: Date(), body: body)
        ])
        try await store.recordProcessing(
            [
                ProcessingRecord(
                    seq: stored[0].seq,
                    outcome: .failed(error: "payer \(Self.email) (DNI \(Self.identification)) rejected"))
            ], at: Date())
        try await store.recordRejected([
            RejectedDelivery(
                receivedAt: Date(), reason: .malformedJSON, requestID: "r-2", dataID: payment,
                detail: "from \(Self.email)")
        ])

        let export = binary.home.appendingPathComponent("report")
        let commands: [[String]] = [
            ["check"], ["check", "--json"], ["credentials", "--json"],
            ["quality", payment], ["quality", payment, "--json"], ["quality", "--json"],
            ["quality", "approval"], ["quality", "approval", "--json"], ["quality", "history", "--json"],
            ["report", "liquidity"], ["report", "liquidity", "--json"],
            ["notifications"], ["notifications", "--json"], ["notifications", "--rejected"],
            ["notifications", "--rejected", "--json"],
            ["walkthrough", "--export", export.path + ".md"], ["walkthrough", "--export", export.path + ".json"],
            ["store", "backup", binary.home.appendingPathComponent("backup.sqlite").path, "--json"],
            ["store", "purge", "--older-than", "30", "--json"],
        ]
        var ran = 0
        for arguments in commands {
            let run = try await binary.run(arguments, environment: environment)
            #expect(leaks(run.all).isEmpty, "golive \(arguments.joined(separator: " ")) shows \(leaks(run.all))")
            ran += run.stdout.isEmpty ? 0 : 1
        }
        #expect(ran == commands.count, "every command printed something")
        for file in [export.path + ".md", export.path + ".json"] {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(leaks(text).isEmpty, "\(file) holds \(leaks(text))")
        }
        // The listings did show the rows (masked), not nothing.
        let listing = try await binary.run(["notifications"], environment: environment)
        #expect(listing.stdout.contains("m•••z@correo.com.ar"), "\(listing.stdout)")

        // What the dashboard's feed and drill-down draw, and the wall.
        let item = try #require(try await store.notifications(NotificationQuery(limit: 1)).first)
        let entry = NotificationFeed.entry(item, order: nil)
        let drawn = [entry.body, entry.resourceSummary ?? "", entry.id] + entry.headers.map(\.value)
        #expect(leaks(drawn.joined(separator: "\n")).isEmpty, "\(drawn)")
        #expect(entry.body.contains(payment), "the body keeps its facts: \(entry.body)")
        #expect(WallRedaction.scrub("payer \(Self.email) DNI 30.123.456") == "payer m•••z@correo.com.ar DNI ••.•••.456")
        await sandbox.stop()
    }

    @Test("the rules: e-mails, identification, names, phones and addresses by key; ids and amounts kept")
    func rules() throws {
        let document = try JSONValue.parse(Data(Self.payer.utf8))
        let masked = String(decoding: PayerData.mask(["payer": document, "id": "1322000001"]).encoded(), as: UTF8.self)
        #expect(leaks(masked).isEmpty, "\(masked)")
        #expect(masked.contains("1322000001") && masked.contains("DNI"))
        #expect(PayerData.maskText("mail maria.gonzalez@correo.com.ar now") == "mail m•••z@correo.com.ar now")
        #expect(PayerData.maskText("payment 1322000001 ARS 1.500,50") == "payment 1322000001 ARS 1.500,50")
        #expect(PayerData.scrubText("ARS 1.234.567,89 on 2026-11-27") == "ARS 1.234.567,89 on 2026-11-27")
        #expect(PayerData.reducedNotificationBody(#"{"id":"1","data":{"id":"2"}}"#) == nil)
        let reduced = try #require(
            PayerData.reducedNotificationBody(#"{"id":"1","data":{"id":"2","email":"a@b.co"},"payer":{}}"#))
        #expect(reduced.contains(#""id":"2""#) && !reduced.contains("a@b.co") && !reduced.contains("payer"))
    }
}
