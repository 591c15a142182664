import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// One notification to deliver, with everything its attempts need.
struct OutgoingNotification: Sendable {
    enum Kind: String, Sendable {
        case webhook, ipn
    }

    /// How a custom notification is deliberately broken (POST /_sandbox/notifications).
    enum Tamper: String, Sendable, CaseIterable {
        /// One hex digit of v1 changed.
        case signature
        /// `ts` in the header moved by one after signing.
        case ts
        /// The query's `data.id` changed after signing.
        case dataID = "data_id"
        /// Signed with a secret that is not the application's.
        case secret
        /// No `x-signature` header.
        case missingSignature = "missing_signature"
        /// No `x-request-id` header (the signature still covers the one that was generated).
        case missingRequestID = "missing_request_id"
        /// `x-signature: garbage`.
        case malformed
    }

    var id: Int64?
    let kind: Kind
    let topic: String
    let action: String?
    let dataID: String
    let body: String
    /// nil: unsigned (IPN, or a custom notification asked to be).
    let secret: String?
    let target: URL
    let retries: Bool
    let custom: Bool
    var tamper: Tamper?
    /// Overrides for custom notifications: exact header values.
    var requestIDOverride: String??
    var signatureOverride: String?
    /// Random material drawn when the change happened, so request ids do not depend on delivery timing.
    let salt: UInt64
    /// Simulated seconds before the first attempt (out-of-order spreading).
    let firstDelay: TimeInterval
    /// Simulated seconds after a successful delivery before it is delivered again; nil: no duplicate.
    let duplicateDelay: TimeInterval?
    let settings: WebhookSettings
    let queuedAt: ContinuousClock.Instant

    /// The URL with the notification's query appended to whatever query the target already has.
    func url(dataID: String) -> String {
        let query: String
        switch kind {
        case .webhook: query = "data.id=\(Self.encode(dataID))&type=\(Self.encode(topic))"
        case .ipn: query = "topic=\(Self.encode(topic))&id=\(Self.encode(dataID))"
        }
        let base = target.absoluteString
        return base + (target.query == nil ? "?" : "&") + query
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// The delivery engine: owns the queue, the random source and the delivery log. Its `run()` is a child of
/// the Sandbox's server task group, so stopping the Sandbox cancels every pending attempt and retry.
actor WebhookDispatcher {
    private(set) var settings: WebhookSettings
    private let clock: @Sendable () -> Date
    private var random: SplitMix64
    private var nextNotificationID: Int64 = 120_000_000_001
    private var deliveries: [WebhookDelivery] = []
    /// Changes never notified (the `withhold` fault), oldest first, bounded like the delivery log.
    private var withheld: [WithheldChange] = []
    private var nextSeq = 1
    private var continuation: AsyncStream<OutgoingNotification>.Continuation?
    /// The delivery client while running: redirects are not followed, and a receiver that is down fails an
    /// attempt within `connectTimeout` instead of holding it for the whole deadline.
    private var client: HTTPClient?
    private static let connectTimeout: TimeAmount = .seconds(2)

    /// Keeps a long `golive sandbox --deliver-to` session from growing without bound.
    private static let deliveryLogLimit = 5_000

    /// PEM roots trusted besides the system's (``SandboxOptions/trustRootsPEM``).
    private let trustRootsPEM: [String]

    init(settings: WebhookSettings, clock: @escaping @Sendable () -> Date, trustRootsPEM: [String] = []) {
        self.settings = settings
        self.clock = clock
        self.trustRootsPEM = trustRootsPEM
        self.random = SplitMix64(seed: settings.seed ?? UInt64.random(in: .min ... .max))
    }

    func configure(_ settings: WebhookSettings) {
        if settings.seed != self.settings.seed || settings.seed != nil {
            random = SplitMix64(seed: settings.seed ?? UInt64.random(in: .min ... .max))
        }
        self.settings = settings
    }

    func deliveryLog() -> [WebhookDelivery] { deliveries }

    func clearDeliveries() -> Int {
        defer { deliveries.removeAll() }
        return deliveries.count
    }

    // MARK: Changes → notifications

    /// A payment was created or changed: its webhook (and IPN), plus its merchant order's when it has one.
    func paymentChanged(_ payment: JSONObject, sellerID: Int64, action: String, merchantOrderID: Int64?) {
        let id = payment["id"]?.int64Value ?? 0
        if withholds(payment, id: id, action: action) { return }
        let liveMode = payment["live_mode"]?.boolValue ?? true
        let own = payment["notification_url"]?.stringValue.flatMap(URL.init(string:))
        let override = settings.useNotificationURL && (own?.scheme == "http" || own?.scheme == "https") ? own : nil
        enqueueChange(
            type: "payment", ipnTopic: "payment", action: action, dataID: String(id), data: ["id": .string(String(id))],
            sellerID: sellerID, liveMode: liveMode, notificationURL: override)
        if let merchantOrderID {
            enqueueChange(
                type: "topic_merchant_order_wh", ipnTopic: "merchant_order", action: "merchant_order.updated",
                dataID: String(merchantOrderID), data: ["id": .string(String(merchantOrderID))], sellerID: sellerID,
                liveMode: liveMode, notificationURL: override)
        }
    }

    /// The `withhold` fault: whether this change is never notified. The random draw happens only while the
    /// probability is set, so other seeded choices are the same as without the fault.
    private func withholds(_ payment: JSONObject, id: Int64, action: String) -> Bool {
        let listed = settings.withheldPayments.contains(id)
        guard listed || (settings.withhold > 0 && random.unit() < settings.withhold) else { return false }
        withheld.append(
            WithheldChange(
                paymentID: id, action: action, status: payment["status"]?.stringValue,
                dateLastUpdated: payment["date_last_updated"]?.stringValue, listed: listed))
        if withheld.count > Self.deliveryLogLimit { withheld.removeFirst(withheld.count - Self.deliveryLogLimit) }
        return true
    }

    func withheldChanges() -> [WithheldChange] { withheld }

    func clearWithheld() -> Int {
        defer { withheld.removeAll() }
        return withheld.count
    }

    /// An Orders API order was created or changed (§5.3: its body carries status fields in `data`).
    func orderChanged(_ order: JSONObject, sellerID: Int64, liveMode: Bool, action: String) {
        let id = order["id"]?.stringValue ?? ""
        var data: JSONObject = ["id": .string(id)]
        for key in ["external_reference", "status", "status_detail", "total_paid_amount", "type"] {
            if let value = order[key] { data[key] = value }
        }
        enqueueChange(
            type: "order", ipnTopic: nil, action: action, dataID: id, data: .object(data), sellerID: sellerID,
            liveMode: liveMode)
    }

    private func enqueueChange(
        type: String, ipnTopic: String?, action: String, dataID: String, data: JSON, sellerID: Int64, liveMode: Bool,
        notificationURL: URL? = nil
    ) {
        guard let target = notificationURL ?? settings.url, settings.topics.contains(type) else { return }
        // §5.1: `source_news` on a notification_url asks for one kind only.
        var mode = settings.mode
        if notificationURL != nil,
            let sourceNews = URLComponents(url: target, resolvingAgainstBaseURL: false)?.queryItems?
                .first(where: { $0.name == "source_news" })?.value
        {
            if sourceNews == "webhooks" { mode = .webhook }
            if sourceNews == "ipn" { mode = .ipn }
        }
        if mode != .ipn {
            let id = takeNotificationID()
            let body: JSON = [
                "id": .int(id), "live_mode": .bool(liveMode), "type": .string(type),
                "date_created": MercadoPagoDate.json(clock()), "user_id": .int(sellerID), "api_version": "v1",
                "action": .string(action), "data": data,
            ]
            enqueue(
                kind: .webhook, id: id, topic: type, action: action, dataID: dataID, body: body.serialized,
                secret: MercadoPagoSandbox.webhookSecret(userID: sellerID), target: target)
        }
        if mode != .webhook, let ipnTopic {
            // The IPN body is undocumented; devsite-docs#971 shows {resource, topic}.
            let body: JSON = ["resource": .string(dataID), "topic": .string(ipnTopic)]
            enqueue(
                kind: .ipn, id: nil, topic: ipnTopic, action: nil, dataID: dataID, body: body.serialized, secret: nil,
                target: target)
        }
    }

    private func enqueue(
        kind: OutgoingNotification.Kind, id: Int64?, topic: String, action: String?, dataID: String, body: String,
        secret: String?, target: URL
    ) {
        let notification = OutgoingNotification(
            id: id, kind: kind, topic: topic, action: action, dataID: dataID, body: body, secret: secret,
            target: target, retries: true, custom: false, salt: random.next(),
            firstDelay: settings.outOfOrder ? random.unit() * settings.outOfOrderWindow : 0,
            duplicateDelay: random.unit() < settings.duplicates ? 5 + random.unit() * 7_200 : nil,
            settings: settings, queuedAt: .now)
        continuation?.yield(notification)
    }

    /// A notification built by `POST /_sandbox/notifications`; ids and salt come from here.
    func prepareCustom(
        _ make: @Sendable (_ id: Int64, _ salt: UInt64, _ settings: WebhookSettings) -> OutgoingNotification
    )
        -> OutgoingNotification
    {
        make(takeNotificationID(), random.next(), settings)
    }

    /// Queues a custom notification for delivery with retries; false when the dispatcher is not running.
    func queue(_ notification: OutgoingNotification) -> Bool {
        guard let continuation else { return false }
        continuation.yield(notification)
        return true
    }

    private func takeNotificationID() -> Int64 {
        defer { nextNotificationID += 1 }
        return nextNotificationID
    }

    // MARK: Delivery

    /// Delivers until cancelled. Without `outOfOrder`, first attempts go out one at a time in queue order;
    /// retries, duplicates and spread-out first attempts run as child tasks.
    func run() async {
        let (stream, continuation) = AsyncStream<OutgoingNotification>.makeStream()
        self.continuation?.finish()
        self.continuation = continuation
        var tls = TLSConfiguration.makeClientConfiguration()
        let roots = trustRootsPEM.flatMap { (try? NIOSSLCertificate.fromPEMBytes(Array($0.utf8))) ?? [] }
        if !roots.isEmpty { tls.additionalTrustRoots = [.certificates(roots)] }
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: Self.connectTimeout)))
        self.client = client
        await withDiscardingTaskGroup { group in
            for await notification in stream {
                if notification.firstDelay > 0 {
                    group.addTask { await self.deliver(notification, firstAttemptDone: nil) }
                } else {
                    let first = await self.attempt(notification, number: 1, offset: 0, duplicate: false)
                    group.addTask { await self.deliver(notification, firstAttemptDone: first) }
                }
            }
        }
        self.continuation = nil
        self.client = nil
        try? await client.shutdown()
    }

    /// Stops accepting new work; `run()` ends once its attempts have been cancelled by the caller.
    func finish() {
        continuation?.finish()
        continuation = nil
    }

    /// The retry loop and the duplicate of one notification.
    private nonisolated func deliver(_ notification: OutgoingNotification, firstAttemptDone: WebhookDelivery?)
        async
    {
        let settings = notification.settings
        do {
            var last: WebhookDelivery
            if let firstAttemptDone {
                last = firstAttemptDone
            } else {
                try await Task.sleep(for: settings.realDuration(notification.firstDelay))
                last = await attempt(notification, number: 1, offset: 0, duplicate: false)
            }
            var offset: TimeInterval = 0
            while !last.delivered, notification.retries, last.attempt <= WebhookSettings.retryDelays.count {
                let delay = WebhookSettings.retryDelays[last.attempt - 1]
                try await Task.sleep(for: settings.realDuration(delay))
                offset += delay
                last = await attempt(notification, number: last.attempt + 1, offset: offset, duplicate: false)
            }
            if last.delivered, let delay = notification.duplicateDelay {
                try await Task.sleep(for: settings.realDuration(delay))
                _ = await attempt(notification, number: 1, offset: offset + delay, duplicate: true)
            }
        } catch {
            // Cancelled: the Sandbox is stopping.
        }
    }

    /// One POST with a fresh `x-request-id` and `ts`, recorded in the delivery log.
    nonisolated func attempt(
        _ notification: OutgoingNotification, number: Int, offset: TimeInterval, duplicate: Bool
    ) async -> WebhookDelivery {
        let settings = notification.settings
        let (request, url, requestID, signature) = makeRequest(notification, number: number, duplicate: duplicate)
        let client = await self.client ?? HTTPClient.shared
        let started = ContinuousClock.now
        var status: Int?
        var failure: String?
        do {
            let response = try await client.execute(
                request, timeout: .nanoseconds(Int64(settings.effectiveDeadline / .nanoseconds(1))))
            status = Int(response.status.code)
            // Read (and drop) the answer, so the connection can be reused.
            _ = try? await response.body.collect(upTo: 1 << 20)
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            failure = "timeout"
        } catch is CancellationError {
            failure = "cancelled"
        } catch {
            failure = "connection_failed: \(error)"
        }
        let latency = ContinuousClock.now - started
        let delivered = status == 200 || status == 201
        let retriesLeft = notification.retries && !duplicate && number <= WebhookSettings.retryDelays.count
        return await record(
            notification: notification, url: url, attempt: number, duplicate: duplicate, requestID: requestID,
            signature: signature, status: status, error: failure,
            latency: latency / .milliseconds(1), offset: offset,
            elapsed: (ContinuousClock.now - notification.queuedAt) / .milliseconds(1),
            nextRetry: !delivered && retriesLeft ? WebhookSettings.retryDelays[number - 1] : nil)
    }

    private nonisolated func makeRequest(_ notification: OutgoingNotification, number: Int, duplicate: Bool)
        -> (HTTPClientRequest, String, String?, String?)
    {
        let settings = notification.settings
        let generatedRequestID = SplitMix64.uuid(
            seed: notification.salt &+ UInt64(number) &* 0x9E37_79B9 &+ (duplicate ? 0x5151 : 0))
        let requestID: String?
        if let override = notification.requestIDOverride {
            requestID = override
        } else {
            requestID = generatedRequestID
        }
        let now = clock()
        let ts =
            settings.timestampUnit == .seconds
            ? String(Int64(now.timeIntervalSince1970)) : String(Int64((now.timeIntervalSince1970 * 1000).rounded()))
        var queryDataID = notification.dataID
        var signature: String?
        if let secret = notification.secret, notification.kind == .webhook {
            let signedID =
                settings.lowercaseDataIDInSignature ? notification.dataID.lowercased() : notification.dataID
            switch notification.tamper {
            case .secret?:
                signature = WebhookSigner.header(
                    dataID: signedID, requestID: requestID, ts: ts, secret: "not-" + secret)
            default:
                signature = WebhookSigner.header(dataID: signedID, requestID: requestID, ts: ts, secret: secret)
            }
            switch notification.tamper {
            case .signature?:
                if let last = signature?.last {
                    signature = String(signature?.dropLast() ?? "") + (last == "0" ? "1" : "0")
                }
            case .ts?:
                let moved = String((Int64(ts) ?? 0) + 1)
                signature = signature?.replacingOccurrences(of: "ts=\(ts),", with: "ts=\(moved),")
            case .dataID?:
                queryDataID += "0"
            case .missingSignature?:
                signature = nil
            case .malformed?:
                signature = "garbage"
            case .secret?, .missingRequestID?, nil:
                break
            }
        }
        if let override = notification.signatureOverride { signature = override }

        let url = notification.url(dataID: queryDataID)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "golive-sandbox (Mercado Pago simulator)")
        let sentRequestID = notification.tamper == .missingRequestID ? nil : requestID
        if let sentRequestID { request.headers.add(name: "x-request-id", value: sentRequestID) }
        if let signature { request.headers.add(name: "x-signature", value: signature) }
        request.body = .bytes(ByteBuffer(string: notification.body))
        return (request, url, sentRequestID, signature)
    }

    private func record(
        notification: OutgoingNotification, url: String, attempt: Int, duplicate: Bool, requestID: String?,
        signature: String?, status: Int?, error: String?, latency: Double, offset: TimeInterval, elapsed: Double,
        nextRetry: TimeInterval?
    ) -> WebhookDelivery {
        let delivery = WebhookDelivery(
            seq: nextSeq, notificationID: notification.id, kind: notification.kind.rawValue,
            topic: notification.topic, action: notification.action, dataID: notification.dataID, url: url,
            attempt: attempt, duplicate: duplicate, custom: notification.custom, requestID: requestID,
            signature: signature, status: status, error: error, latencyMilliseconds: latency,
            scheduledOffsetSeconds: offset, elapsedMilliseconds: elapsed, nextRetrySeconds: nextRetry)
        nextSeq += 1
        deliveries.append(delivery)
        if deliveries.count > Self.deliveryLogLimit {
            deliveries.removeFirst(deliveries.count - Self.deliveryLogLimit)
        }
        return delivery
    }
}

/// A small, seedable random source (SplitMix64), so a `seed` replays the same choices.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }

    /// A version-4-shaped UUID derived from `seed`, lower-case like Mercado Pago's `x-request-id`.
    static func uuid(seed: UInt64) -> String {
        var generator = SplitMix64(seed: seed)
        var bytes = withUnsafeBytes(of: generator.next().bigEndian, Array.init)
        bytes += withUnsafeBytes(of: generator.next().bigEndian, Array.init)
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
