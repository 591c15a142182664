import Foundation

/// Runs the go-live checks for one seller and records every result in the store, so history, staleness
/// and the other front ends read one source (DESIGN.md "Checks and who runs them").
public struct ReadinessRunner: Sendable {
    public let store: any GoLiveStore
    public let clock: any GoLiveClock

    public init(store: any GoLiveStore, clock: any GoLiveClock = SystemClock()) {
        self.store = store
        self.clock = clock
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
        results += AwaitingEvidence.checks.map { AwaitingEvidence.result(for: $0, seller: seller, at: now) }
        return try await record(results, seller: seller, evidence: evidence, at: now)
    }

    private func record(_ results: [CheckResult], seller: SellerSettings, evidence: CredentialsEvidence, at now: Date)
        async throws -> ReadinessReport
    {
        var sellerID: Int64?
        if case .success(let user)? = evidence.user {
            sellerID = user.id
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
