public import Foundation

/// What golive knows about a seller's account, as last learnt from Mercado Pago.
public struct SellerRecord: Sendable, Hashable, Codable {
    public var name: String
    public var userID: Int64?
    public var nickname: String?
    public var siteID: String?
    /// `production`, `test` or nil when undecided.
    public var environment: String?
    public var updatedAt: Date

    public init(
        name: String, userID: Int64?, nickname: String?, siteID: String?, environment: String?, updatedAt: Date
    ) {
        self.name = name
        self.userID = userID
        self.nickname = nickname
        self.siteID = siteID
        self.environment = environment
        self.updatedAt = updatedAt
    }
}

/// The store: the one place where the dashboard, the headless services and one-shot commands meet
/// (DESIGN.md "Layers"). SQLite is the embedded implementation; the protocol keeps the core free of it.
///
/// Implementations throw ``GoLiveError`` (`store.*` codes) with a text that says what to do.
public protocol GoLiveStore: Sendable {
    func saveSeller(_ seller: SellerRecord) async throws
    func sellers() async throws -> [SellerRecord]

    /// Appends observations; recording the same result twice is harmless.
    func recordCheckResults(_ results: [CheckResult], seller: String, sellerID: Int64?) async throws
    /// The newest result of each check for a seller.
    func latestCheckResults(seller: String) async throws -> [CheckResult]
    /// Past results of one check, newest first.
    func checkHistory(_ id: CheckID, seller: String, limit: Int) async throws -> [CheckResult]
}
