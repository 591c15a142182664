public import Foundation

/// Where and how the Sandbox delivers notifications (MERCADOPAGO.md §5): set at start through
/// `SandboxOptions.webhooks`, changed later with `MercadoPagoSandbox.configureWebhooks(_:)` or
/// `POST /_sandbox/webhooks`. Nothing is delivered while `url` is nil.
public struct WebhookSettings: Sendable, Equatable {
    /// Webhooks (`?data.id=…&type=…` + JSON body, signed), IPN (`?topic=…&id=…`, unsigned) or both.
    public enum Mode: String, Sendable, CaseIterable {
        case webhook, ipn, both
    }

    /// `ts` of `x-signature`: the docs' example is in seconds, Point's in milliseconds (§5.4 case 2).
    public enum TimestampUnit: String, Sendable, CaseIterable {
        case seconds, milliseconds
    }

    /// The topics the Sandbox produces, by their webhook `type`.
    public static let allTopics: [String] = ["payment", "topic_merchant_order_wh", "order"]

    /// §5.5: Mercado Pago waits 22 s for a 200/201.
    public static let documentedDeadline: Duration = .seconds(22)
    /// A time-scaled deadline never drops below this, so loopback HTTP still has room on a busy machine.
    public static let minimumScaledDeadline: Duration = .seconds(1)

    /// Simulated seconds between a failed attempt and the next one. §5.5: every 15 minutes; after the third
    /// attempt the interval grows (how much is not documented: here it doubles, capped at 8 h) and retries
    /// stop after about 24 h (plugin docs, UNCONFIRMED): 9 attempts in all.
    public static let retryDelays: [TimeInterval] = [900, 900, 1_800, 3_600, 7_200, 14_400, 28_800, 28_800]

    /// The receiver; nil delivers nothing.
    public var url: URL?
    public var mode: Mode
    /// Webhook types to deliver, from `allTopics`.
    public var topics: Set<String>
    /// Probability (0…1) that a delivered notification is delivered once more, later (same body `id`, new
    /// `x-request-id`), as Mercado Pago does (§5.5).
    public var duplicates: Double
    /// Spreads first attempts over `outOfOrderWindow` simulated seconds, so later changes can overtake
    /// earlier ones. Off: first attempts go out one at a time, in the order the changes happened.
    public var outOfOrder: Bool
    public var outOfOrderWindow: TimeInterval
    /// Fixes every random choice (request ids, duplicates, delays); nil draws a random seed.
    public var seed: UInt64?
    public var timestampUnit: TimestampUnit
    /// Simulated seconds per real second: 1 is real time; 3600 makes 15 minutes pass in 0.25 s.
    public var timeScale: Double
    /// The real per-attempt deadline; nil is 22 s divided by `timeScale`, but at least 1 s.
    public var deadline: Duration?
    /// Sign an alphanumeric `data.id` (Orders API) lower-cased, as the Orders docs say (§5.4 case 1); the query
    /// still carries it as it is.
    public var lowercaseDataIDInSignature: Bool
    /// Deliver a payment's notifications to its own `notification_url`, as Mercado Pago does (§5.1: it
    /// overrides the panel URL; `?source_news=webhooks|ipn` there selects one kind). Off by default: the seeded
    /// payments point at the fictional shop's site.
    public var useNotificationURL: Bool
    /// Backfill (issue 11): probability (0…1) that a payment change is never notified at all — no first attempt,
    /// no retry, neither its webhook/IPN nor its merchant order's — the silent non-delivery of MERCADOPAGO.md §8.2
    /// item 6. Drawn from the seeded random source when the change happens, so a seed withholds the same changes.
    public var withhold: Double = 0
    /// Backfill (issue 11): payments whose every change is never notified, whatever `withhold` says.
    public var withheldPayments: Set<Int64> = []

    public init(
        url: URL? = nil,
        mode: Mode = .webhook,
        topics: Set<String> = Set(WebhookSettings.allTopics),
        duplicates: Double = 0,
        outOfOrder: Bool = false,
        outOfOrderWindow: TimeInterval = 60,
        seed: UInt64? = nil,
        timestampUnit: TimestampUnit = .seconds,
        timeScale: Double = 1,
        deadline: Duration? = nil,
        lowercaseDataIDInSignature: Bool = true,
        useNotificationURL: Bool = false
    ) {
        self.url = url
        self.mode = mode
        self.topics = topics
        self.duplicates = duplicates
        self.outOfOrder = outOfOrder
        self.outOfOrderWindow = outOfOrderWindow
        self.seed = seed
        self.timestampUnit = timestampUnit
        self.timeScale = timeScale
        self.deadline = deadline
        self.lowercaseDataIDInSignature = lowercaseDataIDInSignature
        self.useNotificationURL = useNotificationURL
    }

    /// The deadline actually applied to each attempt.
    public var effectiveDeadline: Duration {
        if let deadline { return deadline }
        return max(Self.documentedDeadline / timeScale, Self.minimumScaledDeadline)
    }

    /// Real time for `seconds` of simulated time.
    func realDuration(_ seconds: TimeInterval) -> Duration {
        .seconds(seconds / timeScale)
    }

    /// The largest `timeScale` accepted: 15 minutes still take about a millisecond.
    public static let maximumTimeScale: Double = 1_000_000

    var json: JSON {
        [
            "url": .optional(url?.absoluteString),
            "mode": .string(mode.rawValue),
            "topics": .array(Self.allTopics.filter(topics.contains).map(JSON.string)),
            "duplicates": .number(Decimal(duplicates)),
            "out_of_order": .bool(outOfOrder),
            "out_of_order_window_s": .number(Decimal(outOfOrderWindow)),
            "seed": seed.map { .number(Decimal($0)) } ?? .null,
            "ts_unit": .string(timestampUnit.rawValue),
            "time_scale": .number(Decimal(timeScale)),
            "deadline_ms": .int(Int64(effectiveDeadline / .milliseconds(1))),
            "lowercase_data_id": .bool(lowercaseDataIDInSignature),
            "use_notification_url": .bool(useNotificationURL),
            "retry_schedule_s": .array(Self.retryDelays.map { .number(Decimal($0)) }),
            "withhold": .number(Decimal(withhold)),
            "withhold_payments": .array(withheldPayments.sorted().map { .int($0) }),
        ]
    }

    /// Applies the fields present in a `POST /_sandbox/webhooks` body; absent fields keep their value.
    func updated(with body: JSON) throws(MercadoPagoError) -> WebhookSettings {
        guard case .object(let fields) = body else { throw .badRequest("the body must be a JSON object") }
        let known: Set<String> = [
            "url", "mode", "topics", "duplicates", "out_of_order", "out_of_order_window_s", "seed", "ts_unit",
            "time_scale", "deadline_ms", "lowercase_data_id", "use_notification_url",
            "withhold", "withhold_payments",
        ]
        if let unknown = fields.keys.first(where: { !known.contains($0) }) {
            throw .badRequest("unknown field \(unknown); known: " + known.sorted().joined(separator: ", "))
        }
        var next = self
        if let value = fields["url"] {
            if value.isNull {
                next.url = nil
            } else {
                guard let text = value.stringValue, let url = URL(string: text),
                    url.scheme == "http" || url.scheme == "https", url.host != nil
                else {
                    throw .badRequest("url must be an http:// or https:// URL, or null to stop delivering")
                }
                next.url = url
            }
        }
        if let value = fields["mode"] {
            guard let mode = value.stringValue.flatMap(Mode.init(rawValue:)) else {
                throw .badRequest("mode must be one of " + Mode.allCases.map(\.rawValue).joined(separator: ", "))
            }
            next.mode = mode
        }
        if let value = fields["topics"] {
            guard case .array(let items) = value else { throw .badRequest("topics must be an array") }
            var topics: Set<String> = []
            for item in items {
                guard let topic = item.stringValue, Self.allTopics.contains(topic) else {
                    throw .badRequest("topics must be among " + Self.allTopics.joined(separator: ", "))
                }
                topics.insert(topic)
            }
            next.topics = topics
        }
        if let value = fields["duplicates"] {
            guard let number = value.decimalValue, number >= 0, number <= 1 else {
                throw .badRequest("duplicates must be a probability from 0 to 1")
            }
            next.duplicates = NSDecimalNumber(decimal: number).doubleValue
        }
        if let value = fields["out_of_order"] {
            guard let flag = value.boolValue else { throw .badRequest("out_of_order must be true or false") }
            next.outOfOrder = flag
        }
        if let value = fields["out_of_order_window_s"] {
            guard let number = value.decimalValue, number >= 0, number <= 86_400 else {
                throw .badRequest("out_of_order_window_s must be from 0 to 86400")
            }
            next.outOfOrderWindow = NSDecimalNumber(decimal: number).doubleValue
        }
        if let value = fields["seed"] {
            if value.isNull {
                next.seed = nil
            } else {
                guard let number = value.int64Value, number >= 0 else {
                    throw .badRequest("seed must be a non-negative whole number or null")
                }
                next.seed = UInt64(number)
            }
        }
        if let value = fields["ts_unit"] {
            guard let unit = value.stringValue.flatMap(TimestampUnit.init(rawValue:)) else {
                throw .badRequest("ts_unit must be seconds or milliseconds")
            }
            next.timestampUnit = unit
        }
        if let value = fields["time_scale"] {
            guard let number = value.decimalValue, number > 0, number <= Decimal(Self.maximumTimeScale) else {
                throw .badRequest("time_scale must be greater than 0 and at most \(Int(Self.maximumTimeScale))")
            }
            next.timeScale = NSDecimalNumber(decimal: number).doubleValue
        }
        if let value = fields["deadline_ms"] {
            if value.isNull {
                next.deadline = nil
            } else {
                guard let number = value.int64Value, (1...120_000).contains(number) else {
                    throw .badRequest("deadline_ms must be from 1 to 120000, or null for the scaled 22 s")
                }
                next.deadline = .milliseconds(number)
            }
        }
        if let value = fields["lowercase_data_id"] {
            guard let flag = value.boolValue else { throw .badRequest("lowercase_data_id must be true or false") }
            next.lowercaseDataIDInSignature = flag
        }
        if let value = fields["use_notification_url"] {
            guard let flag = value.boolValue else { throw .badRequest("use_notification_url must be true or false") }
            next.useNotificationURL = flag
        }
        try next.applyWithholding(fields)
        return next
    }
}

extension WebhookSettings {
    /// `"withhold": 0…1` and `"withhold_payments": [id, …]` (an empty array or null clears the list).
    mutating func applyWithholding(_ fields: JSONObject) throws(MercadoPagoError) {
        if let value = fields["withhold"] {
            guard let number = value.decimalValue, number >= 0, number <= 1 else {
                throw .badRequest("withhold must be a probability from 0 to 1")
            }
            withhold = NSDecimalNumber(decimal: number).doubleValue
        }
        switch fields["withhold_payments"] {
        case nil: break
        case .null?: withheldPayments = []
        case .array(let items)?:
            var ids: Set<Int64> = []
            for item in items {
                guard let id = item.int64Value ?? item.stringValue.flatMap(Int64.init), id > 0 else {
                    throw .badRequest("withhold_payments must be an array of payment ids")
                }
                ids.insert(id)
            }
            withheldPayments = ids
        default: throw .badRequest("withhold_payments must be an array of payment ids, or null")
        }
    }
}

/// A payment change whose notifications were withheld (`GET /_sandbox/withheld`).
public struct WithheldChange: Sendable, Equatable {
    public let paymentID: Int64
    public let action: String
    public let status: String?
    public let dateLastUpdated: String?
    /// Whether the explicit list (rather than the probability) withheld it.
    public let listed: Bool

    var json: JSON {
        [
            "payment_id": .int(paymentID), "action": .string(action), "status": .optional(status),
            "date_last_updated": .optional(dateLastUpdated), "reason": .string(listed ? "listed" : "probability"),
        ]
    }
}

/// One delivery attempt, as `GET /_sandbox/deliveries` lists it.
public struct WebhookDelivery: Sendable, Equatable {
    /// The order attempts were recorded in, from 1.
    public let seq: Int
    /// The body's `id` (nil for IPN, which has none).
    public let notificationID: Int64?
    /// "webhook" or "ipn".
    public let kind: String
    /// The webhook `type` or IPN `topic`.
    public let topic: String
    public let action: String?
    public let dataID: String
    /// The full URL posted to, query included.
    public let url: String
    /// 1 for the first attempt, counting retries.
    public let attempt: Int
    /// A deliberate second delivery of a notification that was already acknowledged.
    public let duplicate: Bool
    /// Sent through `POST /_sandbox/notifications` (custom or tampered), not caused by a change.
    public let custom: Bool
    public let requestID: String?
    /// The `x-signature` header sent, if any.
    public let signature: String?
    /// The receiver's status code; nil when no answer came.
    public let status: Int?
    /// `timeout`, `connection_failed: …` or nil.
    public let error: String?
    public let latencyMilliseconds: Double
    /// Simulated seconds from the notification's first attempt to this one, per the retry schedule.
    public let scheduledOffsetSeconds: TimeInterval
    /// Real milliseconds from when the change was queued to this attempt.
    public let elapsedMilliseconds: Double
    /// Simulated seconds until the next retry; nil when delivered or when retries are over.
    public let nextRetrySeconds: TimeInterval?

    /// 200 or 201 (§5.5); anything else is retried.
    public var delivered: Bool { status == 200 || status == 201 }

    var json: JSON {
        [
            "seq": .int(seq),
            "notification_id": notificationID.map(JSON.int) ?? .null,
            "kind": .string(kind),
            "topic": .string(topic),
            "action": .optional(action),
            "data_id": .string(dataID),
            "url": .string(url),
            "attempt": .int(attempt),
            "duplicate": .bool(duplicate),
            "custom": .bool(custom),
            "request_id": .optional(requestID),
            "signature": .optional(signature),
            "status": status.map(JSON.int) ?? .null,
            "error": .optional(error),
            "delivered": .bool(delivered),
            "latency_ms": .number(Decimal((latencyMilliseconds * 10).rounded() / 10)),
            "scheduled_offset_s": .number(Decimal(scheduledOffsetSeconds)),
            "elapsed_ms": .number(Decimal(elapsedMilliseconds.rounded())),
            "next_retry_s": nextRetrySeconds.map { .number(Decimal($0)) } ?? .null,
        ]
    }
}
