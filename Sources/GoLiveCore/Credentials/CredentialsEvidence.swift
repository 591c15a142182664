import Foundation

/// What golive learnt about a seller's credentials: the configured values and Mercado Pago's answers.
/// Gathered by ``CredentialsEvidence/gather(for:gateway:)``, judged by ``CredentialChecks``.
public struct CredentialsEvidence: Sendable {
    public var accessToken: Secret?
    public var publicKey: Secret?
    /// `GET /users/me`; nil when there was no token to ask with.
    public var user: Result<MercadoPagoUser, MercadoPagoError>?
    /// The account's Mercado Pago user id, when `/users/me` answered.
    public var sellerID: Int64? {
        if case .success(let user)? = user { return user.id }
        return nil
    }
    /// A harmless payments call (`/v1/payments/search?limit=1`): production credentials that are not
    /// activated answer 401 with cause 7 there while `/users/me` still works. Nil when not asked.
    public var paymentsProbe: Result<PaymentSearchPage, MercadoPagoError>?

    public init(
        accessToken: Secret?, publicKey: Secret?, user: Result<MercadoPagoUser, MercadoPagoError>? = nil,
        paymentsProbe: Result<PaymentSearchPage, MercadoPagoError>? = nil
    ) {
        self.accessToken = accessToken
        self.publicKey = publicKey
        self.user = user
        self.paymentsProbe = paymentsProbe
    }

    /// Asks Mercado Pago about the seller's access token. Never throws: failures are evidence too.
    public static func gather(for seller: SellerSettings, gateway: (any MercadoPagoGateway)?) async
        -> CredentialsEvidence
    {
        var evidence = CredentialsEvidence(accessToken: seller.accessToken, publicKey: seller.publicKey)
        guard let gateway, seller.accessToken != nil else { return evidence }
        do {
            evidence.user = .success(try await gateway.currentUser())
        } catch {
            evidence.user = .failure(error)
            if error.kind == .unauthorized { return evidence }
        }
        do {
            evidence.paymentsProbe = .success(try await gateway.searchPayments(PaymentSearchQuery(limit: 1)))
        } catch {
            evidence.paymentsProbe = .failure(error)
        }
        return evidence
    }
}
