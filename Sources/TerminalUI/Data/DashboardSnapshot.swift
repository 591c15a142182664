public import Foundation
public import GoLiveCore

/// A pane's data: there, not there yet (and what to do about it), or failed to load. Never invented.
public enum PaneData<Value: Sendable>: Sendable {
    /// Still loading.
    case loading
    /// Nothing to show yet; `remedy` says what to run.
    case unavailable(reason: String, remedy: String)
    case failed(String)
    case loaded(Value)

    public var value: Value? {
        if case .loaded(let value) = self { return value }
        return nil
    }
}

/// Everything the dashboard shows, read from the store and the sources at one moment. Immutable: producers
/// build a new one and post it to the UI thread.
public struct DashboardSnapshot: Sendable {
    public var seller: String
    /// Every configured seller (the switcher appears when there are several).
    public var sellers: [String]
    public var account: SellerRecord?
    public var accessToken: String?
    public var publicKey: String?
    public var checkoutURL: String?
    /// The newest result of each check.
    public var checks: [CheckResult]
    /// Past results of `quality.score`, newest first.
    public var qualityHistory: [CheckResult]
    public var feed: PaneData<[FeedEntry]>
    public var balances: PaneData<BalanceSummary>
    /// When this snapshot was read; nil before the first read.
    public var loadedAt: Date?
    /// A store failure while reading, shown in the header.
    public var problem: String?
    /// The store's path while its file does not exist (the wall started before `golive serve` created it, or the
    /// file went away): the wall says it is waiting for it, and what to do.
    public var storeWaiting: String?
    /// How current each pane's data is (drawn in its bottom border); a pane missing here shows no age.
    public var freshness: [PaneID: Freshness] = [:]
    /// The newest status changes Mercado Pago never notified (backfill, issue 11), newest first.
    public var neverNotified: [NeverNotifiedLine] = []
    /// Test-mode notifications (`live_mode=false`, issue 11): kept out of the feed, shown as a count.
    public var testModeCount = 0
    /// Every configured seller's latest stored results (issue 10's all-sellers overview), in configuration order;
    /// empty until read.
    public var overview: [SellerOverview] = []
    /// How the loader follows the store (issue 10): shown on the status line only when it is not the normal
    /// ``StoreConnectionState/live`` (a PostgreSQL store polling, reconnecting, or down).
    public var storeConnection: StoreConnectionState = .live

    public init(
        seller: String, sellers: [String] = [], account: SellerRecord? = nil, accessToken: String? = nil,
        publicKey: String? = nil, checkoutURL: String? = nil, checks: [CheckResult] = [],
        qualityHistory: [CheckResult] = [], feed: PaneData<[FeedEntry]> = .loading,
        balances: PaneData<BalanceSummary> = .loading, loadedAt: Date? = nil, problem: String? = nil
    ) {
        self.seller = seller
        self.sellers = sellers.isEmpty ? [seller] : sellers
        self.account = account
        self.accessToken = accessToken
        self.publicKey = publicKey
        self.checkoutURL = checkoutURL
        self.checks = checks
        self.qualityHistory = qualityHistory
        self.feed = feed
        self.balances = balances
        self.loadedAt = loadedAt
        self.problem = problem
    }

    public func check(_ id: CheckID) -> CheckResult? { checks.first { $0.id == id } }

    /// Overall readiness: nil until every check has a result.
    public var ready: Bool? {
        guard !checks.isEmpty else { return nil }
        return checks.allSatisfy { $0.status.isReady }
    }

    /// `production`, `test` or nil (undecided).
    public var environment: String? {
        if let environment = account?.environment { return environment }
        if let token = accessToken, token.hasPrefix("TEST-") { return "test" }
        return nil
    }
}
