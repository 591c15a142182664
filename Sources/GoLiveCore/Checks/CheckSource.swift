public import Foundation

/// What a check source gets to decide its checks: the seller, its Mercado Pago user id when the credentials
/// run learnt it, the gateway (nil without an access token) and the time of the run.
public struct CheckContext: Sendable {
    public let seller: SellerSettings
    public let sellerID: Int64?
    public let gateway: (any MercadoPagoGateway)?
    public let now: Date

    public init(seller: SellerSettings, sellerID: Int64?, gateway: (any MercadoPagoGateway)?, now: Date) {
        self.seller = seller
        self.sellerID = sellerID
        self.gateway = gateway
        self.now = now
    }
}

/// One requirement's checks (SSL, notifications, quality, reports…): gathers its evidence and decides.
///
/// The composition root (the CLI's `Session`) lists the sources it has; ``ReadinessRunner`` runs them and
/// fills the checks no source decides with ``AwaitingEvidence``. A source never throws: a failure to gather
/// evidence is a result (`fail` or `unknown`) that says what happened and what to do.
public protocol CheckSource: Sendable {
    /// The checks this source decides.
    var checkIDs: [CheckID] { get }
    func results(in context: CheckContext) async -> [CheckResult]
}
