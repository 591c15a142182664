import Foundation
import GoLiveCore
import Synchronization
import TerminalUI
import Testing

@testable import GoLiveCLI

/// The balances pane's "to release" lines: computed from the payments search, kept for a while (the dashboard
/// reloads every 2 s), and unknown — not empty — when the search fails.
@Suite struct PendingReleasesTests {
    static func payment(_ id: Int, release: String, net: String, status: String = "approved") throws -> Payment {
        let json = try JSONValue.parse(
            Data(
                """
                {"id": \(id), "status": "\(status)", "currency_id": "ARS", "money_release_date": "\(release)",
                 "transaction_amount": 999, "transaction_details": {"net_received_amount": \(net)}}
                """.utf8))
        return try #require(Payment(json: json))
    }

    @Test func releasesAreSummedByDateCachedAndUnknownOnFailure() async throws {
        let calls = Mutex(0)
        let fail = Mutex(false)
        let payments = [
            try Self.payment(1, release: "2026-12-01T10:00:00.000-03:00", net: "100.10"),
            try Self.payment(2, release: "2026-12-01T18:00:00.000-03:00", net: "0.20"),
            try Self.payment(3, release: "2026-12-03T10:00:00.000-03:00", net: "5"),
            try Self.payment(4, release: "2026-12-03T10:00:00.000-03:00", net: "7", status: "rejected"),
        ]
        let pending = PendingReleases(maxAge: 600) { seller, query in
            calls.withLock { $0 += 1 }
            #expect(seller == "shop")
            #expect(query.sort == .moneyReleaseDate)
            if fail.withLock({ $0 }) { throw GoLiveError(.reportFetchFailed, "search failed") }
            return payments
        }
        let now = Date(timeIntervalSince1970: 1_795_737_600)
        let releases = try #require(await pending.releases(seller: "shop", now: now))
        #expect(releases.map(\.date) == ["2026-12-01", "2026-12-03"])
        #expect(releases.map(\.amount) == [Decimal(string: "100.30")!, 5])
        #expect(releases.map(\.payments) == [2, 1])

        // Within maxAge: no second search.
        _ = await pending.releases(seller: "shop", now: now.addingTimeInterval(599))
        #expect(calls.withLock { $0 } == 1)

        // After it, a failed search is unknown (nil), never "nothing to release".
        fail.withLock { $0 = true }
        #expect(await pending.releases(seller: "shop", now: now.addingTimeInterval(601)) == nil)
        #expect(calls.withLock { $0 } == 2)
    }

    /// The API going away: the last releases found stay, stale since that search with the reason; the search is
    /// tried again after `retry` (not `maxAge`), and the API coming back clears it.
    @Test func aFailedSearchKeepsTheLastReleasesStaleSinceThenAndRetriesSoon() async throws {
        let calls = Mutex(0)
        let fail = Mutex(false)
        let payments = [try Self.payment(1, release: "2026-12-01T10:00:00.000-03:00", net: "100")]
        let pending = PendingReleases(maxAge: 600, retry: 30) { _, _ in
            calls.withLock { $0 += 1 }
            if fail.withLock({ $0 }) {
                throw MercadoPagoError(kind: .serverError, endpoint: "GET /v1/payments/search", httpStatus: 500)
            }
            return payments
        }
        let now = Date(timeIntervalSince1970: 1_795_737_600)
        let first = await pending.lookup(seller: "shop", now: now)
        #expect(first.stale == nil && first.releases?.count == 1)
        fail.withLock { $0 = true }
        let down = await pending.lookup(seller: "shop", now: now.addingTimeInterval(601))
        #expect(down.releases == first.releases, "the last ones found stay")
        #expect(down.stale == BalanceSummary.StaleReleases(since: now, kind: "server_error", httpStatus: 500))
        _ = await pending.lookup(seller: "shop", now: now.addingTimeInterval(620))
        #expect(calls.withLock { $0 } == 2, "within the retry delay: no new search")
        fail.withLock { $0 = false }
        let back = await pending.lookup(seller: "shop", now: now.addingTimeInterval(632))
        #expect(calls.withLock { $0 } == 3)
        #expect(back.stale == nil && back.releases?.count == 1)
    }
}
