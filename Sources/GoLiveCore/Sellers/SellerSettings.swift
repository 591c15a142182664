public import Foundation

/// One seller golive watches: its credentials and its checkout page, as configured (DESIGN.md "Sellers").
public struct SellerSettings: Sendable, Hashable {
    public var name: String
    public var accessToken: Secret?
    /// The public key is not secret, but it is shown masked like the rest so screens stay uniform.
    public var publicKey: Secret?
    public var webhookSecret: Secret?
    /// The page with the payment form.
    public var checkoutURL: URL?
    /// Where these settings came from ("environment", "config /etc/golive/config.yaml"), for messages.
    public var origin: String
    /// Secret rotation (issue 11): the webhook secret before the last Reset, still accepted during the overlap.
    public var previousWebhookSecret: Secret?
    /// When the overlap ends: from this instant the previous secret is no longer accepted (nil: until removed).
    public var previousSecretUntil: Date?
    /// The notification URL configured in Mercado Pago (the `notifications.url` check probes it).
    public var notificationURL: URL?

    public init(
        name: String, accessToken: Secret? = nil, publicKey: Secret? = nil, webhookSecret: Secret? = nil,
        checkoutURL: URL? = nil, origin: String = "environment"
    ) {
        self.name = name
        self.accessToken = accessToken
        self.publicKey = publicKey
        self.webhookSecret = webhookSecret
        self.checkoutURL = checkoutURL
        self.origin = origin
    }

    /// The previous webhook secret if it is still accepted at `now` (issue 11, rotation).
    public func acceptedPreviousSecret(at now: Date) -> Secret? {
        guard let previous = previousWebhookSecret else { return nil }
        if let until = previousSecretUntil, now >= until { return nil }
        return previous
    }
}
