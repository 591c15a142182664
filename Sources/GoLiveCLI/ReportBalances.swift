import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite
import TerminalUI

/// The dashboard's balances from the reports golive fetched (`golive report fetch`, or `serve` daily): the
/// newest release report's final available balance and held money.
struct StoredReportBalances: BalanceSource {
    let latest: LatestReportBalance
    let store: SQLiteStore
    /// Money to be released by date (`golive report liquidity`'s computation); nil leaves it unknown.
    let pending: PendingReleases?

    init(store: SQLiteStore, pending: PendingReleases? = nil) {
        self.store = store
        self.pending = pending
        latest = LatestReportBalance(store: store)
    }

    func balanceSummary(seller: String) async throws -> BalanceSummary? {
        guard let snapshot = try await latest.snapshot(seller: seller) else { return nil }
        let site = try? await store.sellers().first { $0.name == seller }?.siteID
        // The release configuration's display_timezone, as the last reports.configured check read it.
        let configured = try? await store.latestCheckResults(seller: seller).first { $0.id == .reportsConfigured }
        let zone = configured.flatMap { JSONValue.object($0.details)["display_timezone"].string }
        return BalanceSummary(
            currency: Self.currency(site: site ?? nil),
            available: Decimal(string: snapshot.balance.finalAvailableBalance.description),
            held: Decimal(string: snapshot.balance.held.description),
            toBeReleased: await pending?.releases(seller: seller),
            lastReport: .init(kind: "release", name: snapshot.report.fileName, fetchedAt: snapshot.report.fetchedAt),
            asOf: snapshot.report.endDate ?? snapshot.report.fetchedAt, displayTimeZone: zone)
    }

    /// Each Mercado Pago site's currency; "" when the site is not known yet.
    static func currency(site: String?) -> String { Money.currency(site: site) ?? "" }
}

/// Approved payments whose money is released in the next `days` days, by date — from the payments search
/// (`sort=money_release_date`), as `golive report liquidity` computes it. The dashboard reloads every few
/// seconds, so each seller's answer is kept for `maxAge`; a failed search leaves the pane's line unknown.
actor PendingReleases {
    typealias Search = @Sendable (_ seller: String, _ query: PaymentSearchQuery) async throws -> [Payment]?

    private let search: Search
    private let days: Int
    private let maxAge: TimeInterval
    private var cache: [String: (at: Date, releases: [BalanceSummary.Release]?)] = [:]

    init(days: Int = 30, maxAge: TimeInterval = 600, search: @escaping Search) {
        self.days = days
        self.maxAge = maxAge
        self.search = search
    }

    /// Over the session's gateways: a seller without an access token has no pending releases to show.
    init(session: Session) {
        self.init { seller, query in
            guard let settings = session.settings.sellers.first(where: { $0.name == seller }),
                let gateway = session.gateway(for: settings)
            else { return nil }
            return try await gateway.allPayments(query)
        }
    }

    func releases(seller: String, now: Date = Date()) async -> [BalanceSummary.Release]? {
        if let cached = cache[seller], now.timeIntervalSince(cached.at) < maxAge { return cached.releases }
        let query = PaymentSearchQuery(
            limit: 100, sort: .moneyReleaseDate, criteria: .ascending,
            range: .init(field: .moneyReleaseDate, begin: now, end: now.addingTimeInterval(Double(days) * 86_400)))
        let payments: [Payment]? = (try? await search(seller, query)) ?? nil
        let releases = payments.map { payments in
            Liquidity.compute(payments: payments, asOf: now).byDate.map {
                BalanceSummary.Release(date: $0.date, amount: $0.amount, payments: $0.payments)
            }
        }
        cache[seller] = (now, releases)
        return releases
    }
}
