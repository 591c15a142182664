import Foundation
import GoLiveCore
import Testing

/// Counts the checks in flight, to see the bound hold.
final class InFlight: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private(set) var peak = 0
    func enter() {
        lock.withLock {
            now += 1; peak = max(peak, now)
        }
    }
    func leave() { lock.withLock { now -= 1 } }
}

@Suite("All-sellers report (issue 10)")
struct AllSellersReportTests {
    let clock = ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000))

    func report(_ name: String, _ statuses: [CheckID: CheckStatus], sellerID: Int64? = 7) -> ReadinessReport {
        ReadinessReport(
            seller: name, sellerID: sellerID,
            checks: CheckID.all.map {
                CheckResult(
                    id: $0, title: $0.rawValue, status: statuses[$0] ?? .pass, summary: "s", checkedAt: clock.now())
            }, checkedAt: clock.now())
    }

    func credentials(_ token: String?, user: Result<MercadoPagoUser, MercadoPagoError>?) -> ReadinessReport {
        let evidence = CredentialsEvidence(accessToken: token.map(Secret.init), publicKey: nil, user: user)
        return ReadinessReport(
            seller: "shop", sellerID: evidence.sellerID, checks: CredentialChecks.evaluate(evidence, at: clock.now()),
            checkedAt: clock.now())
    }

    @Test("sellers run at most `limit` at a time, several at once, and keep configuration order")
    func boundedAndOrdered() async throws {
        let sellers = (0..<9).map { SellerSettings(name: "seller-\($0)") }
        let flight = InFlight()
        let result = await AllSellersReport.run(sellers, limit: 3, clock: clock) { seller in
            flight.enter()
            defer { flight.leave() }
            // Later sellers finish first: the order must come from the configuration, not completion.
            let index = Int(seller.name.split(separator: "-")[1])!
            try await Task.sleep(for: .milliseconds(10 * (9 - index)))
            return report(seller.name, [:])
        }
        #expect(result.sellers.map(\.report.seller) == sellers.map(\.name))
        #expect(flight.peak <= 3)
        #expect(flight.peak >= 2)
        #expect(result.ready)
        #expect(result.summary == .init(sellers: 9, ready: 9, notReady: 0, errors: 0))
    }

    @Test("a seller whose check throws gets an error entry; the others are still reported")
    func oneThrows() async throws {
        let sellers = ["a", "broken", "c"].map { SellerSettings(name: $0) }
        let result = await AllSellersReport.run(sellers, limit: 2, clock: clock) { seller in
            if seller.name == "broken" {
                throw GoLiveError(.storeUnavailable, "The store is locked.", remedy: "Try again.")
            }
            return report(seller.name, seller.name == "c" ? [.sslCheckoutPage: .fail] : [:])
        }
        #expect(result.sellers.map(\.report.seller) == ["a", "broken", "c"])
        #expect(result.sellers[0].report.ready && result.sellers[0].error == nil)
        #expect(
            result.sellers[1].error
                == SellerCheckError(code: "store.unavailable", message: "The store is locked.", remedy: "Try again."))
        #expect(result.sellers[1].report.checks.isEmpty && !result.sellers[1].report.ready)
        #expect(!result.sellers[2].report.ready && result.sellers[2].error == nil)
        #expect(!result.ready)
        #expect(result.summary == .init(sellers: 3, ready: 1, notReady: 2, errors: 1))
    }

    @Test("errors are judged from credentials.access_token: no token, 401, unreachable, other API errors")
    func judgedErrors() {
        let token = "APP_USR-4829301746251938-112609-8f3c2a1b9d7e4f60a5b3c8d2e1f09a7b-240112233"
        #expect(SellerCheckError.judge(credentials(nil, user: nil))?.code == "seller.no_access_token")
        let rejected = SellerCheckError.judge(
            credentials(
                token, user: .failure(MercadoPagoError(kind: .unauthorized, endpoint: "GET /users/me", httpStatus: 401))
            ))
        #expect(rejected?.code == "seller.token_rejected")
        #expect(rejected?.message.contains("HTTP 401") == true)
        #expect(rejected?.remedy != nil)
        #expect(rejected.map { !"\($0)".contains(token) } == true)
        let down = SellerCheckError.judge(
            credentials(token, user: .failure(MercadoPagoError(kind: .unreachable, endpoint: "GET /users/me"))))
        #expect(down?.code == "seller.api_unreachable")
        let busy = SellerCheckError.judge(
            credentials(
                token, user: .failure(MercadoPagoError(kind: .serverError, endpoint: "GET /users/me", httpStatus: 503)))
        )
        #expect(busy?.code == "seller.api_failed")
        // A failing requirement is a result, not an error.
        #expect(
            SellerCheckError.judge(report("fine", [.sslCheckoutPage: .fail, .credentialsProduction: .fail])) == nil)
    }

    @Test("JSON: the single-seller document per seller, plus requirements, error and a summary")
    func jsonShape() throws {
        let ok = SellerReadiness(report: report("ok", [.approvalData: .warn]), error: nil)
        let failing = SellerReadiness(
            report: report("bad", [.credentialsAccessToken: .fail, .notificationsURL: .unknown], sellerID: nil),
            error: SellerCheckError(code: "seller.token_rejected", message: "rejected", remedy: nil))
        let all = AllSellersReport(sellers: [ok, failing], checkedAt: clock.now())
        let json = try JSONValue.parse(JSONEncoder.goLive().encode(all))
        #expect(json.object.map { Set($0.keys) } == ["ready", "checked_at", "sellers", "summary"])
        #expect(json["ready"] == false)
        #expect(json["summary"] == ["sellers": 2, "ready": 1, "not_ready": 1, "errors": 1])
        let first = json["sellers"][0]
        #expect(
            first.object.map { Set($0.keys) }
                == ["ready", "checked_at", "seller_id", "seller", "checks", "requirements", "error"])
        #expect(first["error"] == .null)
        #expect(first["requirements"]["approval"] == "warn")
        #expect(first["requirements"]["credentials"] == "pass")
        #expect(first["checks"].array.count == CheckID.all.count)
        let second = json["sellers"][1]
        #expect(second["seller_id"] == .null)
        #expect(second["error"] == ["code": "seller.token_rejected", "message": "rejected", "remedy": nil])
        #expect(second["requirements"]["credentials"] == "fail")
        #expect(second["requirements"]["notifications"] == "unknown")
        #expect(second["requirements"].object?.count == Requirement.all.count)
    }

    @Test("a requirement's status is its worst check's; every check id belongs to one requirement")
    func requirementRollUp() {
        for id in CheckID.all {
            #expect(Requirement.all.filter { $0.contains(id) }.count == 1, "\(id)")
        }
        let notifications = Requirement("notifications")
        let results = report("x", [.notificationsSignature: .warn, .notificationsURL: .unknown]).checks
        #expect(notifications.status(of: results) == .unknown)
        #expect(Requirement("ssl").status(of: results) == .pass)
        #expect(Requirement("nothing").status(of: results) == nil)
    }
}
