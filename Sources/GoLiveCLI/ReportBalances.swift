import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite
import TerminalUI

/// The dashboard's balances from the reports golive fetched (`golive report fetch`, or `serve` daily): the
/// newest release report's final available balance and held money.
struct StoredReportBalances: BalanceSource {
    let latest: LatestReportBalance
    let store: any GoLiveDatabase
    /// Money to be released by date (`golive report liquidity`'s computation); nil leaves it unknown.
    let pending: PendingReleases?

    init(store: any GoLiveDatabase, pending: PendingReleases? = nil) {
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
        let lookup = await pending?.lookup(seller: seller)
        var summary = BalanceSummary(
            currency: Self.currency(site: site ?? nil),
            available: Decimal(string: snapshot.balance.finalAvailableBalance.description),
            held: Decimal(string: snapshot.balance.held.description),
            toBeReleased: lookup?.releases,
            lastReport: .init(kind: "release", name: snapshot.report.fileName, fetchedAt: snapshot.report.fetchedAt),
            asOf: snapshot.report.endDate ?? snapshot.report.fetchedAt, displayTimeZone: zone)
        summary.releasesStale = lookup?.stale
        return summary
    }

    /// Each Mercado Pago site's currency; "" when the site is not known yet.
    static func currency(site: String?) -> String { Money.currency(site: site) ?? "" }
}

/// Approved payments whose money is released in the next `days` days, by date — from the payments search
/// (`sort=money_release_date`), as `golive report liquidity` computes it. The dashboard reloads every few
/// seconds, so each seller's answer is kept for `maxAge`. When the API does not answer (it went away), the last
/// releases found stay, marked stale since then with the reason, and the search is tried again after `retry`.
actor PendingReleases {
    typealias Search = @Sendable (_ seller: String, _ query: PaymentSearchQuery) async throws -> [Payment]?

    /// What is known of a seller's pending releases now.
    struct Lookup: Sendable {
        /// The newest releases found (perhaps before a failure); nil when never found or not searchable.
        var releases: [BalanceSummary.Release]?
        /// Set while the last search failed.
        var stale: BalanceSummary.StaleReleases?
    }

    private let search: Search
    private let days: Int
    private let maxAge: TimeInterval
    private let retry: TimeInterval
    private var cache: [String: (at: Date, failed: Bool, lookup: Lookup)] = [:]
    /// The last successful search per seller: its releases and when.
    private var lastGood: [String: (at: Date, releases: [BalanceSummary.Release]?)] = [:]

    init(days: Int = 30, maxAge: TimeInterval = 600, retry: TimeInterval = 30, search: @escaping Search) {
        self.days = days
        self.maxAge = maxAge
        self.retry = min(retry, maxAge)
        self.search = search
    }

    /// Over the session's gateways: a seller without an access token has no pending releases to show.
    init(session: Session, maxAge: TimeInterval = 600) {
        self.init(maxAge: maxAge) { seller, query in
            guard let settings = session.settings.sellers.first(where: { $0.name == seller }),
                let gateway = session.gateway(for: settings)
            else { return nil }
            return try await gateway.allPayments(query)
        }
    }

    /// The releases found now, or nil when the search failed (unknown, never "nothing to release").
    func releases(seller: String, now: Date = Date()) async -> [BalanceSummary.Release]? {
        let lookup = await lookup(seller: seller, now: now)
        return lookup.stale == nil ? lookup.releases : nil
    }

    /// The releases with their freshness: after a failed search, the last ones found and since when.
    func lookup(seller: String, now: Date = Date()) async -> Lookup {
        if let cached = cache[seller], now.timeIntervalSince(cached.at) < (cached.failed ? retry : maxAge) {
            return cached.lookup
        }
        let query = PaymentSearchQuery(
            limit: 100, sort: .moneyReleaseDate, criteria: .ascending,
            range: .init(field: .moneyReleaseDate, begin: now, end: now.addingTimeInterval(Double(days) * 86_400)))
        let lookup: Lookup
        do {
            let payments = try await search(seller, query)
            let releases = payments.map { payments in
                Liquidity.compute(payments: payments, asOf: now).byDate.map {
                    BalanceSummary.Release(date: $0.date, amount: $0.amount, payments: $0.payments)
                }
            }
            lastGood[seller] = (now, releases)
            lookup = Lookup(releases: releases)
        } catch {
            let kind = (error as? MercadoPagoError)?.kind.rawValue ?? "error"
            let status = (error as? MercadoPagoError)?.httpStatus
            let last = lastGood[seller]
            lookup = Lookup(
                releases: last?.releases,
                stale: BalanceSummary.StaleReleases(since: last?.at, kind: kind, httpStatus: status))
        }
        cache[seller] = (now, lookup.stale != nil, lookup)
        return lookup
    }
}
