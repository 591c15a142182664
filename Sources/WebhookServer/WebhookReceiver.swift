public import Foundation
public import GoLiveCore
import Synchronization
public import WebhookSignature

/// A seller as the receiver knows it: its name, its Mercado Pago user id when learnt, its webhook secret.
public struct ReceiverSeller: Sendable {
    public var name: String
    public var userID: Int64?
    public var secret: Secret?
    /// Rotation (issue 11): the secret before the last Reset, accepted after the current one until `previousUntil`.
    public var previousSecret: Secret?
    public var previousUntil: Date?

    public init(
        name: String, userID: Int64?, secret: Secret?, previousSecret: Secret? = nil, previousUntil: Date? = nil
    ) {
        self.name = name
        self.userID = userID
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousUntil = previousUntil
    }
}

/// The answer to one delivery.
public struct ReceiverResponse: Sendable, Hashable {
    public var status: Int
    public var body: String

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }
}

/// `POST /webhooks/mercadopago` without the HTTP framework: what a delivery is, whose, whether its signature
/// holds, and the answer — `200` only after the group commit, `401`/`400`/`413` refused and logged, `503`
/// when the store cannot commit (DESIGN.md "HTTP routes").
public final class WebhookReceiver: Sendable {
    public let sellers: [ReceiverSeller]
    public let signature: WebhookSignature
    public let batcher: NotificationBatcher
    public let metrics: ReceiverMetrics
    public let clock: any GoLiveClock
    /// The largest body read; a larger one is answered `413`.
    public let bodyLimit: Int
    private let health = Mutex(Health())

    struct Health {
        var lastReceivedAt: Date?
        var storeWritable = true
        var storeError: String?
    }

    public init(
        sellers: [ReceiverSeller], signature: WebhookSignature = WebhookSignature(), batcher: NotificationBatcher,
        metrics: ReceiverMetrics, clock: any GoLiveClock = SystemClock(), bodyLimit: Int = 256 * 1024,
        lastReceivedAt: Date? = nil
    ) {
        self.sellers = sellers
        self.signature = signature
        self.batcher = batcher
        self.metrics = metrics
        self.clock = clock
        self.bodyLimit = bodyLimit
        rotating = sellers.contains { $0.previousSecret != nil }
        health.withLock { $0.lastReceivedAt = lastReceivedAt }
    }

    /// Whether any seller has a previous secret (rotation, issue 11); false keeps the hot path as it was.
    let rotating: Bool

    /// The previous secrets of `pool` still accepted at `now`.
    static func previousCandidates(_ pool: [ReceiverSeller], at now: Date) -> [WebhookSignature.Candidate] {
        pool.compactMap { seller in
            guard let previous = seller.previousSecret, seller.previousUntil.map({ now < $0 }) ?? true else {
                return nil
            }
            return WebhookSignature.Candidate(seller: seller.name, secret: previous, generation: .previous)
        }
    }

    /// For a mismatch: the explanation when the delivery is signed with a previous secret whose overlap ended.
    func expiredPreviousMatch(
        _ pool: [ReceiverSeller], dataID: String?, requestID: String?, signatureHeader: String?, now: Date
    ) -> String? {
        let expired = pool.compactMap { seller -> WebhookSignature.Candidate? in
            guard let previous = seller.previousSecret, let until = seller.previousUntil, now >= until else {
                return nil
            }
            return WebhookSignature.Candidate(seller: seller.name, secret: previous, generation: .previous)
        }
        guard !expired.isEmpty,
            case .valid(let match) = signature.verify(
                dataID: dataID, requestID: requestID, signature: signatureHeader, candidates: expired, now: now),
            let until = pool.first(where: { $0.name == match.seller })?.previousUntil
        else { return nil }
        return "v1 matches the previous secret of \(match.seller), no longer accepted since "
            + ISO8601DateFormatter().string(from: until) + " (previous_secret_until)"
    }

    /// What the receiver concludes about one delivery before storing anything.
    public enum Evaluation: Sendable {
        case accept(IncomingNotification)
        /// `status` 400 or 401; `dataID`/`seller` as far as they are known.
        case refuse(RejectionReason, status: Int, dataID: String?, seller: String?, detail: String)
    }

    /// Parse, pick the seller, verify: what ``receive(query:signatureHeader:requestID:body:remoteAddress:)`` does
    /// before storing, also used to re-verify a stored rejected delivery (`replay --rejected`, issue 11).
    /// `now` decides which secrets are accepted; the notification is dated `receivedAt` (default `now`).
    public func evaluate(
        query: QueryItems, signatureHeader: String?, requestID: String?, body: Data, now: Date,
        receivedAt: Date? = nil
    ) -> Evaluation {
        let parsed: NotificationParser.Parsed
        switch NotificationParser.parse(query: query, body: body) {
        case .success(let value): parsed = value
        case .failure(let reason):
            return .refuse(
                reason, status: 400, dataID: query["data.id"] ?? query["id"], seller: nil,
                detail: reason == .malformedJSON
                    ? "body of \(body.count) bytes is not a JSON object" : "no data.id/type or topic/id")
        }
        // Whose is it? The body's user_id picks the seller; otherwise the only one, or the secret that matches.
        let claimed = parsed.userID.map { id in sellers.filter { $0.userID == id } } ?? []
        var seller: String? = claimed.first?.name ?? (sellers.count == 1 ? sellers[0].name : nil)
        var status: SignatureStatus
        var variant: String?
        var secretGeneration: SecretGeneration?
        if parsed.kind == .ipn {
            status = .unsigned
        } else {
            let pool = claimed.isEmpty ? sellers : claimed
            var candidates = pool.compactMap { seller in
                seller.secret.map { WebhookSignature.Candidate(seller: seller.name, secret: $0) }
            }
            // Rotation: previous secrets go after every current one, so a current match never pays for them.
            if rotating { candidates += Self.previousCandidates(pool, at: now) }
            if candidates.isEmpty {
                status = .notConfigured
            } else {
                switch signature.verify(
                    dataID: parsed.queryDataID, requestID: requestID, signature: signatureHeader,
                    candidates: candidates,
                    now: now)
                {
                case .valid(let match):
                    status = .valid
                    variant = match.variant.rawValue
                    seller = match.seller
                    secretGeneration = match.secret
                    if match.secret == .previous { metrics.previousSecretMatched() }
                case .invalid(let reason, var detail):
                    if rotating, reason == .signatureMismatch,
                        let expired = expiredPreviousMatch(
                            pool, dataID: parsed.queryDataID, requestID: requestID, signatureHeader: signatureHeader,
                            now: now)
                    {
                        detail = expired
                    }
                    return .refuse(
                        reason, status: 401, dataID: parsed.dataID, seller: claimed.first?.name, detail: detail)
                }
            }
        }
        return .accept(
            IncomingNotification(
                kind: parsed.kind, notificationID: parsed.notificationID, topic: parsed.topic, action: parsed.action,
                dataID: parsed.dataID, liveMode: parsed.liveMode,
                userID: parsed.userID ?? sellers.first { $0.name == seller }?.userID, requestID: requestID,
                seller: seller, signature: status, signatureVariant: variant, receivedAt: receivedAt ?? now,
                body: String(decoding: body, as: UTF8.self), secret: secretGeneration))
    }

    /// One delivery. `body` nil means it was larger than ``bodyLimit`` (answered 413). `remoteAddress` is
    /// only worked out for a refusal (the rejected log).
    public func receive(
        query rawQuery: String?, signatureHeader: String?, requestID: String?, body: Data?,
        remoteAddress: @autoclosure () -> String?
    ) async -> ReceiverResponse {
        let now = clock.now()
        let query = QueryItems(rawQuery)
        guard let body else {
            return refuse(
                .bodyTooLarge, status: 413, requestID: requestID, dataID: query["data.id"] ?? query["id"],
                remoteAddress: remoteAddress(), seller: nil, detail: "body over \(bodyLimit) bytes", at: now)
        }
        let notification: IncomingNotification
        switch evaluate(query: query, signatureHeader: signatureHeader, requestID: requestID, body: body, now: now) {
        case .accept(let accepted): notification = accepted
        case .refuse(let reason, let status, let dataID, let seller, let detail):
            // A signature refusal keeps the raw request, so it can be re-verified after a secret fix (issue 11).
            let raw =
                status == 401
                ? RejectedDelivery.RawRequest(query: rawQuery, signature: signatureHeader, body: body) : nil
            return refuse(
                reason, status: status, requestID: requestID, dataID: dataID, remoteAddress: remoteAddress(),
                seller: seller, detail: detail, at: now, raw: raw)
        }
        do {
            let stored = try await batcher.submit(notification)
            metrics.received(kind: notification.kind.rawValue, signature: notification.signature.rawValue)
            if stored.duplicate { metrics.duplicate() }
            health.withLock {
                $0.lastReceivedAt = now
                $0.storeWritable = true
                $0.storeError = nil
            }
            return ReceiverResponse(
                status: 200, body: #"{"status":"stored","seq":\#(stored.seq),"duplicate":\#(stored.duplicate)}"#)
        } catch {
            health.withLock {
                $0.storeWritable = false
                $0.storeError = "\(error)"
            }
            return ReceiverResponse(
                status: 503, body: #"{"status":"store_unavailable","message":"not stored; retry later"}"#)
        }
    }

    private func refuse(
        _ reason: RejectionReason, status: Int, requestID: String?, dataID: String?, remoteAddress: String?,
        seller: String?, detail: String, at now: Date, raw: RejectedDelivery.RawRequest? = nil
    ) -> ReceiverResponse {
        metrics.rejected(reason: reason.rawValue)
        let delivery = RejectedDelivery(
            receivedAt: now, reason: reason, requestID: requestID.map { String($0.prefix(200)) },
            dataID: dataID.map { String($0.prefix(200)) }, remoteAddress: remoteAddress, seller: seller, detail: detail,
            raw: raw)
        Task { await batcher.reject(delivery) }
        return ReceiverResponse(status: status, body: #"{"status":"rejected","reason":"\#(reason.rawValue)"}"#)
    }

    // MARK: Health

    /// Records a store probe (the heartbeat) so `/healthz` reflects a store that failed while idle.
    public func storeProbe(succeeded: Bool, error: String? = nil) {
        health.withLock {
            $0.storeWritable = succeeded
            $0.storeError = succeeded ? nil : error
        }
    }

    /// `GET /healthz`: 200 while the store is writable (an empty store included), 503 otherwise.
    public func healthz() -> ReceiverResponse {
        let state = health.withLock { $0 }
        var document: [String: JSONValue] = [
            "status": .string(state.storeWritable ? "ok" : "store_unavailable"),
            "store": .string(state.storeWritable ? "writable" : "unavailable"),
            "last_notification_at": state.lastReceivedAt.map { .string(ISO8601DateFormatter().string(from: $0)) }
                ?? .null,
        ]
        if let error = state.storeError { document["store_error"] = .string(error) }
        return ReceiverResponse(
            status: state.storeWritable ? 200 : 503,
            body: String(decoding: JSONValue.object(document).encoded(), as: UTF8.self))
    }
}
