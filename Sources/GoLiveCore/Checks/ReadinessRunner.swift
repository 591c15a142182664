public import Foundation

/// Runs the go-live checks for one seller and records every result in the store, so history, staleness
/// and the other front ends read one source (DESIGN.md "Checks and who runs them").
public struct ReadinessRunner: Sendable {
    public let store: any GoLiveStore
    public let clock: any GoLiveClock
    /// The requirement checks beyond credentials; checks no source decides are ``AwaitingEvidence``.
    public let sources: [any CheckSource]

    public init(store: any GoLiveStore, clock: any GoLiveClock = SystemClock(), sources: [any CheckSource] = []) {
        self.store = store
        self.clock = clock
        self.sources = sources
    }

    /// The `credentials.*` checks.
    public func credentials(for seller: SellerSettings, gateway: (any MercadoPagoGateway)?) async throws
        -> ReadinessReport
    {
        let evidence = await CredentialsEvidence.gather(for: seller, gateway: gateway)
        let now = clock.now()
        let results = CredentialChecks.evaluate(evidence, at: now)
        return try await record(results, seller: seller, evidence: evidence, at: now)
    }

    /// Every check of DESIGN.md's table.
    public func all(for seller: SellerSettings, gateway: (any MercadoPagoGateway)?) async throws -> ReadinessReport {
        let evidence = await CredentialsEvidence.gather(for: seller, gateway: gateway)
        let now = clock.now()
        var results = CredentialChecks.evaluate(evidence, at: now)
        let context = CheckContext(seller: seller, sellerID: evidence.sellerID, gateway: gateway, now: now)
        results += await runSources(in: context)
        return try await record(results, seller: seller, evidence: evidence, at: now)
    }

    /// The checks that `schedule` says are due for this seller (judged from the store's latest results), run
    /// and recorded; nothing else is touched — no placeholder overwrites another requirement's result. Returns
    /// what ran (empty when nothing was due) and when the next check falls due.
    public func due(for seller: SellerSettings, gateway: (any MercadoPagoGateway)?, schedule: CheckSchedule)
        async throws -> (results: [CheckResult], next: Date)
    {
        let now = clock.now()
        let lastChecked = Dictionary(
            try await store.latestCheckResults(seller: seller.name).map { ($0.id, $0.checkedAt) },
            uniquingKeysWith: max)
        var results: [CheckResult] = []
        var sellerID = try await store.sellers().first { $0.name == seller.name }?.userID
        if schedule.isDue(CheckID.credentials, lastChecked: lastChecked, now: now) {
            let evidence = await CredentialsEvidence.gather(for: seller, gateway: gateway)
            results += CredentialChecks.evaluate(evidence, at: now)
            try await saveSeller(seller, evidence: evidence, at: now)
            sellerID = evidence.sellerID ?? sellerID
        }
        let dueSources = sources.filter { schedule.isDue($0.checkIDs, lastChecked: lastChecked, now: now) }
        let context = CheckContext(seller: seller, sellerID: sellerID, gateway: gateway, now: now)
        results += await withTaskGroup(of: [CheckResult].self) { group in
            for source in dueSources { group.addTask { await source.results(in: context) } }
            var all: [CheckResult] = []
            for await decided in group { all += decided }
            return all
        }
        if !results.isEmpty { try await store.recordCheckResults(results, seller: seller.name, sellerID: sellerID) }
        var after = lastChecked
        for result in results { after[result.id] = result.checkedAt }
        let scheduled = CheckID.credentials + sources.flatMap(\.checkIDs)
        return (results, schedule.nextDue(scheduled, lastChecked: after, now: now))
    }

    /// Every source concurrently, then placeholders for what none decides; in ``CheckID/all`` order.
    func runSources(in context: CheckContext) async -> [CheckResult] {
        let decided = await withTaskGroup(of: [CheckResult].self) { group in
            for source in sources {
                group.addTask { await source.results(in: context) }
            }
            var all: [CheckResult] = []
            for await results in group { all += results }
            return all
        }
        let decidedIDs = Set(decided.map(\.id))
        let placeholders = AwaitingEvidence.checks.filter { !decidedIDs.contains($0) }.map {
            AwaitingEvidence.result(for: $0, seller: context.seller, at: context.now)
        }
        let order = Dictionary(uniqueKeysWithValues: CheckID.all.enumerated().map { ($1, $0) })
        return (decided + placeholders).sorted { (order[$0.id] ?? .max) < (order[$1.id] ?? .max) }
    }

    private func record(_ results: [CheckResult], seller: SellerSettings, evidence: CredentialsEvidence, at now: Date)
        async throws -> ReadinessReport
    {
        let sellerID = evidence.sellerID
        try await saveSeller(seller, evidence: evidence, at: now)
        try await store.recordCheckResults(results, seller: seller.name, sellerID: sellerID)
        return ReadinessReport(seller: seller.name, sellerID: sellerID, checks: results, checkedAt: now)
    }

    /// What the credentials run learnt about the account (its user id, nickname, site, environment).
    private func saveSeller(_ seller: SellerSettings, evidence: CredentialsEvidence, at now: Date) async throws {
        guard case .success(let user)? = evidence.user else { return }
        let environment = (evidence.accessToken?.prefix == .test || user.isTestAccount) ? "test" : "production"
        try await store.saveSeller(
            SellerRecord(
                name: seller.name, userID: user.id, nickname: user.nickname, siteID: user.siteID,
                environment: environment, updatedAt: now))
    }
}
