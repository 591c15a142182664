import Foundation

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
        if case .success(let user)? = evidence.user {
            let environment = (evidence.accessToken?.prefix == .test || user.isTestAccount) ? "test" : "production"
            try await store.saveSeller(
                SellerRecord(
                    name: seller.name, userID: user.id, nickname: user.nickname, siteID: user.siteID,
                    environment: environment, updatedAt: now))
        }
        try await store.recordCheckResults(results, seller: seller.name, sellerID: sellerID)
        return ReadinessReport(seller: seller.name, sellerID: sellerID, checks: results, checkedAt: now)
    }
}
