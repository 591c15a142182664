import Foundation
import GoLiveCore
import TerminalUI

/// Fixed data for screen tests: one seller with every kind of pane content, and one with nothing yet.
enum Fixtures {
    static let now = Date(timeIntervalSince1970: 1_795_737_600)  // 2026-11-26 00:00:00 UTC
    static let utc = TimeZone(identifier: "UTC")!

    static func check(
        _ id: CheckID, _ status: CheckStatus, _ summary: String, details: [String: JSONValue] = [:],
        actions: [String] = [], minutesAgo: Double = 3
    ) -> CheckResult {
        CheckResult(
            id: id, title: id.rawValue, status: status, summary: summary, details: details, actions: actions,
            checkedAt: now.addingTimeInterval(-minutesAgo * 60))
    }

    static var checks: [CheckResult] {
        [
            check(.credentialsAccessToken, .pass, "The access token is accepted by /users/me."),
            check(.credentialsProduction, .pass, "Production credentials of a real account."),
            check(
                .credentialsPair, .unknown, "Cannot tell whether the public key belongs to this token.",
                actions: ["Create a card token with the public key and charge it with the access token."]),
            check(
                .sslCheckoutPage, .warn, "The certificate expires in 12 days.",
                details: [
                    "url": .string("https://shop.example.com/checkout"),
                    "certificate": .object(["days_left": .number(12), "not_after": .string("2026-12-08T00:00:00Z")]),
                    "findings": .array([
                        .object([
                            "id": .string("cert.expiring_soon"), "severity": .string("warning"),
                            "message": .string("expires in 12 days"),
                        ]),
                        .object([
                            "id": .string("http.no_hsts"), "severity": .string("info"),
                            "message": .string("no Strict-Transport-Security header"),
                        ]),
                    ]),
                ], actions: ["Renew the certificate before 2026-12-08."]),
            check(.notificationsReceiving, .pass, "Last notification 2 minutes ago."),
            check(.notificationsSignature, .warn, "1 unsigned IPN in the last 24 h."),
            check(
                .qualityScore, .fail, "Score 68, below the minimum of 73.",
                details: [
                    "score": .number(68), "threshold": .number(73),
                    "actions": .array([
                        .object([
                            "id": .string("payer.email"), "level": .string("mandatory"), "status": .string("missing"),
                            "message": .string("Send the payer's e-mail."),
                        ]),
                        .object([
                            "id": .string("items.category_id"), "level": .string("recommended"),
                            "status": .string("missing"), "message": .string("Send each item's category."),
                        ]),
                        .object([
                            "id": .string("external_reference"), "level": .string("mandatory"),
                            "status": .string("met"), "message": .string("ok"),
                        ]),
                    ]),
                ]),
            check(
                .approvalData, .warn, "3 of 20 recent payments lack shipment data.",
                details: ["gaps": .array([.string("shipments.receiver_address"), .string("payer.phone")])],
                actions: ["Send shipments.receiver_address with physical goods."]),
            check(.reportsConfigured, .pass, "Release and settlement reports configured; fetched today."),
        ]
    }

    static var feed: [FeedEntry] {
        let topics: [(String, String?, String, String, String?, Bool)] = [
            ("payment", "payment.updated", "valid", "done", "approved", false),
            ("payment", "payment.created", "valid", "done", "rejected", false),
            ("merchant_order", nil, "unsigned", "done", "opened", false),
            ("payment", "payment.created", "valid", "pending", nil, false),
            ("payment", "payment.updated", "valid", "done", "approved", true),
            ("payment", "payment.created", "valid", "failed", nil, false),
        ]
        return (0..<14).map { index in
            let (topic, action, signature, processing, status, duplicate) = topics[index % topics.count]
            let kind = signature == "unsigned" ? "ipn" : "webhook"
            return FeedEntry(
                seq: Int64(100 - index), id: kind == "ipn" ? "ipn:\(topic):\(7000 + index)" : "\(90_000 + index)",
                receivedAt: now.addingTimeInterval(Double(-index * 97)), kind: kind, topic: topic, action: action,
                dataID: "\(1_320_000 + index)", liveMode: true, signature: signature,
                signatureVariant: signature == "valid" ? "lowercase-id" : nil, duplicate: duplicate,
                processing: processing, resourceStatus: status,
                headers: [
                    FeedEntry.Header(name: "x-request-id", value: "req-\(index)"),
                    FeedEntry.Header(name: "x-signature", value: "ts=1795737600,v1=…3f9a"),
                ],
                resourceSummary: status.map {
                    "Payment \(1_320_000 + index): \($0), ARS 1,250.00, payer j***@example.com"
                })
        }
    }

    static var balances: BalanceSummary {
        BalanceSummary(
            currency: "ARS", available: Decimal(string: "152340.5")!, held: Decimal(string: "1200")!,
            toBeReleased: [
                .init(date: "2026-11-27", amount: Decimal(string: "8450.25")!, payments: 7),
                .init(date: "2026-11-29", amount: Decimal(string: "19999.99")!, payments: 12),
            ],
            lastReport: .init(
                kind: "release", name: "release-2026-11-25.csv", fetchedAt: now.addingTimeInterval(-3 * 3600)),
            asOf: now)
    }

    static var full: DashboardSnapshot {
        DashboardSnapshot(
            seller: "shop", sellers: ["shop", "marketplace"],
            account: SellerRecord(
                name: "shop", userID: 123_456_789, nickname: "TIENDA_EJEMPLO", siteID: "MLA",
                environment: "production", updatedAt: now),
            accessToken: "APP_USR-…6789", publicKey: "APP_USR-…0000", checkoutURL: "https://shop.example.com/checkout",
            checks: checks,
            qualityHistory: [
                check(.qualityScore, .fail, "68", details: ["score": .number(68)], minutesAgo: 3),
                check(.qualityScore, .fail, "61", details: ["score": .number(61)], minutesAgo: 60 * 24 * 30),
            ], feed: .loaded(feed), balances: .loaded(balances), loadedAt: now.addingTimeInterval(-4))
    }

    /// A fresh install: nothing checked, no notification received, no report fetched.
    static var empty: DashboardSnapshot {
        DashboardSnapshot(
            seller: "default", accessToken: "TEST-…1234",
            feed: .loaded([]),
            balances: .unavailable(
                reason: "No report has been fetched yet.", remedy: "Run `golive report fetch --type release`."),
            loadedAt: now)
    }

    static func state(
        _ snapshot: DashboardSnapshot = full, width: Int = 80, height: Int = 24, mode: DashboardMode = .interactive,
        readOnly: Bool = false, unicode: Bool = true, language: Language = .english
    ) -> DashboardState {
        DashboardState(
            snapshot: snapshot, size: TerminalSize(width: width, height: height), now: now, mode: mode,
            readOnly: readOnly, themes: ["dark", "light", "high-contrast", "colorblind", "monochrome"],
            unicode: unicode, timeZone: utc, language: language)
    }
}
