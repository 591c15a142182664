import Foundation
import GoLiveCore
import StoreSQLite
import Testing

/// `golive walkthrough --export FILE.md|FILE.json` through the real binary, over a real store file: every
/// requirement with its evidence and times, the sign-offs, the walkthrough's dates and golive's version — and
/// never a secret, a payer e-mail or an identification number.
@Suite struct WalkthroughExportTests {
    let checkedAt = Date(timeIntervalSince1970: 1_795_737_600)  // 2026-11-27T00:00:00Z

    func seedStore(at path: String) async throws {
        let store = try SQLiteStore(path: path)
        try await store.saveSeller(
            SellerRecord(
                name: "default", userID: 123_456, nickname: "TIENDA", siteID: "MLA", environment: "production",
                updatedAt: checkedAt))
        try await store.recordCheckResults(
            [
                CheckResult(
                    id: .credentialsProduction, title: "Production credentials", status: .pass,
                    summary: "Production credentials of a real account.",
                    details: [
                        "access_token": .string("APP_USR-1234567890123456-112233-abcdefabcdefabcdef-99887766"),
                        "contact": .string("owner juan.perez@example.com"),
                    ], checkedAt: checkedAt),
                CheckResult(
                    id: .approvalData, title: "Approval data", status: .warn,
                    summary: "Payer data missing in 2 of 10 payments (e.g. maria.gomez@example.com).",
                    details: ["payer": .object(["identification_number": .string("20345678901")])],
                    actions: ["Send payer.first_name and payer.last_name."], checkedAt: checkedAt),
                CheckResult(
                    id: .sslCheckoutPage, title: "Checkout page SSL", status: .fail,
                    summary: "The certificate expired.", actions: ["Renew the certificate."], checkedAt: checkedAt),
            ], seller: "default", sellerID: 123_456)
        try await store.saveSignOff(
            SignOff(
                seller: "default", what: "approval", by: "Ana Souza", at: checkedAt.addingTimeInterval(3_600),
                note: "Industry data sent by the ERP"))
        try await store.saveWalkthroughProgress(
            WalkthroughProgress(
                seller: "default", currentStep: "approval", visited: ["credentials", "ssl", "notifications"],
                completed: ["credentials"], startedAt: checkedAt.addingTimeInterval(-86_400),
                updatedAt: checkedAt.addingTimeInterval(7_200)))
    }

    /// The Markdown report follows the chosen language (--lang, GOLIVE_LANG, the locale): headings, labels, check
    /// titles, summaries and remedies; ids, check ids and times as stored. The JSON keeps its English values and
    /// adds `language` and each requirement's `title_localized`.
    @Test(arguments: [
        (
            ["--lang", "es"], [String: String](),
            [
                "# Informe de salida a producción: default\n", "| Listo | **no** |",
                "| Recorrido iniciado | 2026-11-26",
                "## Requisitos", "| # | Requisito | Estado |", "## 2. Certificado SSL: FALLA",
                "## 4. Aprobación de pagos: AVISO", "## 1. Credenciales de producción: DESCONOCIDO",
                "`credentials.production` Credenciales de producción de una cuenta real", "(verificado 2026-11-27",
                "**SIN VERIFICAR** `notifications.receiving`: todavía no hay resultado guardado",
                "Aprobado `approval` por Ana Souza", "## Aprobaciones manuales", "| Qué | Por | Cuándo | Nota |",
            ],
            "es", "Certificado SSL"
        ),
        (
            [String](), ["GOLIVE_LANG": "pt-BR"],
            [
                "# Relatório de go-live: default\n", "| Pronto | **não** |", "| Roteiro iniciado | 2026-11-26",
                "## Requisitos", "| # | Requisito | Situação |", "## 2. Certificado SSL: FALHA",
                "## 4. Aprovação de pagamentos: AVISO", "(verificado 2026-11-27",
                "**NÃO VERIFICADO** `notifications.receiving`: ainda não há resultado salvo",
                "Aprovado `approval` por Ana Souza", "## Aprovações manuais", "| O quê | Por | Quando | Nota |",
            ],
            "pt-BR", "Certificado SSL"
        ),
    ])
    func theMarkdownReportFollowsTheLanguage(
        options: [String], extra: [String: String], expected: [String], language: String, sslTitle: String
    ) async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let storePath = binary.home.appendingPathComponent("store/golive.sqlite").path
        try await seedStore(at: storePath)
        let environment = ["GOLIVE_STORE": "sqlite:" + storePath].merging(extra) { _, new in new }
        let markdownPath = binary.home.appendingPathComponent("go-live.md").path
        let run = try await binary.run(["walkthrough", "--export", markdownPath] + options, environment: environment)
        #expect(run.status == 0, "\(run.all)")
        let markdown = try String(contentsOfFile: markdownPath, encoding: .utf8)
        for text in expected { #expect(markdown.contains(text), "missing \(text) in:\n\(markdown)") }
        for english in ["Go-live report", "| Ready |", "## Requirements", "To do:", "NOT CHECKED", "Signed off"] {
            #expect(!markdown.contains(english), "untranslated \(english)")
        }
        for secret in ["juan.perez@", "maria.gomez@", "20345678901", "abcdefabcdefabcdef", "1234567890123456"] {
            #expect(!markdown.contains(secret), "leaked \(secret)")
        }
        let jsonPath = binary.home.appendingPathComponent("go-live.json").path
        let jsonRun = try await binary.run(["walkthrough", "--export", jsonPath] + options, environment: environment)
        #expect(jsonRun.status == 0, "\(jsonRun.all)")
        let data = try Data(contentsOf: URL(fileURLWithPath: jsonPath))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(document["language"] as? String == language)
        let requirements = try #require(document["requirements"] as? [[String: Any]])
        #expect(requirements.map { $0["id"] as? String }.first == "credentials")
        #expect(requirements.map { $0["status"] as? String }[1] == "fail", "values stay English")
        #expect(requirements[1]["title"] as? String == "SSL certificate")
        #expect(requirements[1]["title_localized"] as? String == sslTitle)
    }

    @Test func markdownAndJSONReportsFromTheStore() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let storePath = binary.home.appendingPathComponent("store/golive.sqlite").path
        try await seedStore(at: storePath)
        let environment = ["GOLIVE_STORE": "sqlite:" + storePath]

        let markdownPath = binary.home.appendingPathComponent("go-live.md").path
        let run = try await binary.run(["walkthrough", "--export", markdownPath], environment: environment)
        #expect(run.status == 0, "\(run.all)")
        let markdown = try String(contentsOfFile: markdownPath, encoding: .utf8)
        #expect(markdown.hasPrefix("# Go-live report: default\n"))
        for expected in [
            "| Ready | **no** |", "| Walkthrough started | 2026-11-26", "| golive | 0.1.0 |",
            "## 1. Production credentials: UNKNOWN", "## 2. SSL certificate: FAIL", "## 3. Notifications: UNKNOWN",
            "## 4. Payment approval: WARN", "## 5. Quality measurement: UNKNOWN", "## 6. Reports: UNKNOWN",
            "`credentials.production`", "(checked 2026-11-27", "To do: Renew the certificate.",
            "**NOT CHECKED** `notifications.receiving`", "Signed off `approval` by Ana Souza",
            "| approval | Ana Souza | 2026-11-27", "Industry data sent by the ERP",
        ] {
            #expect(markdown.contains(expected), "missing \(expected)")
        }
        for secret in ["juan.perez@", "maria.gomez@", "20345678901", "abcdefabcdefabcdef", "1234567890123456"] {
            #expect(!markdown.contains(secret), "leaked \(secret)")
        }
        #expect(markdown.contains("j•••z@example.com"), "e-mails are masked, not dropped")

        let jsonPath = binary.home.appendingPathComponent("go-live.json").path
        let jsonRun = try await binary.run(["walkthrough", "--export", jsonPath], environment: environment)
        #expect(jsonRun.status == 0, "\(jsonRun.all)")
        let data = try Data(contentsOf: URL(fileURLWithPath: jsonPath))
        let text = String(decoding: data, as: UTF8.self)
        for secret in ["juan.perez@", "maria.gomez@", "20345678901", "abcdefabcdefabcdef"] {
            #expect(!text.contains(secret), "leaked \(secret)")
        }
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(document["golive_version"] as? String == "0.1.0")
        #expect(document["seller"] as? String == "default")
        #expect(document["seller_id"] as? Int == 123_456)
        #expect(document["ready"] as? Bool == false)
        let requirements = try #require(document["requirements"] as? [[String: Any]])
        #expect(
            requirements.map { $0["id"] as? String } == [
                "credentials", "ssl", "notifications", "approval", "quality", "reports",
            ])
        #expect(
            requirements.map { $0["status"] as? String } == [
                "unknown", "fail", "unknown", "warn", "unknown", "unknown",
            ])
        let credentials = try #require(requirements.first)
        let checks = try #require(credentials["checks"] as? [[String: Any]])
        #expect(checks.first?["checked_at"] as? String == "2026-11-27T00:00:00Z")
        #expect(
            (credentials["not_checked"] as? [String]) == ["credentials.access_token", "credentials.pair"])
        let signOffs = try #require(document["sign_offs"] as? [[String: Any]])
        #expect(signOffs.first?["by"] as? String == "Ana Souza" && signOffs.first?["what"] as? String == "approval")
        let walkthrough = try #require(document["walkthrough"] as? [String: Any])
        #expect(walkthrough["current_step"] as? String == "approval")
        #expect(walkthrough["started_at"] as? String == "2026-11-26T00:00:00Z")

        let wrong = try await binary.run(
            ["walkthrough", "--export", binary.home.appendingPathComponent("x.txt").path], environment: environment)
        #expect(wrong.status == 2, "an unknown extension is a usage error: \(wrong.all)")
        #expect(wrong.stderr.contains(".md or .json"))
    }
}
