public import Foundation

/// A query string split into its items, percent-decoded, in order; the first of a repeated name wins.
public struct QueryItems: Sendable, Hashable {
    public let items: [(name: String, value: String)]

    public init(_ raw: String?) {
        var items: [(String, String)] = []
        for pair in (raw ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            items.append((name, value))
        }
        self.items = items
    }

    public subscript(name: String) -> String? {
        items.first { $0.name == name }.map(\.value)
    }

    private static func decode(_ text: Substring) -> String {
        // Most names and values have nothing to decode: skip Foundation (it runs for every delivery).
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return String(text)
        }
        let plusAsSpace = text.replacingOccurrences(of: "+", with: " ")
        return plusAsSpace.removingPercentEncoding ?? plusAsSpace
    }

    public static func == (lhs: QueryItems, rhs: QueryItems) -> Bool {
        lhs.items.elementsEqual(rhs.items) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for item in items {
            hasher.combine(item.name)
            hasher.combine(item.value)
        }
    }
}

/// Reads one delivery to `POST /webhooks/mercadopago` (MERCADOPAGO.md §5.1–5.3), tolerantly:
/// - webhook: `?data.id=…&type=…` and a JSON body (`id`, `type`, `action`, `user_id`, `live_mode`, `data.id`);
///   the query may be absent when the body says it all;
/// - IPN: `?topic=…&id=…` with any body (often none), or a body `{"resource": ".../ID", "topic": …}`.
/// The signature is decided elsewhere; this only says what the delivery is.
public enum NotificationParser {
    public struct Parsed: Sendable, Hashable {
        public var kind: NotificationKind
        public var notificationID: String
        public var topic: String
        public var action: String?
        /// The query's `data.id` (webhook) or `id` (IPN); the body's when the query has none.
        public var dataID: String?
        /// The query's own `data.id`, exactly as received: what the signature manifest uses.
        public var queryDataID: String?
        public var liveMode: Bool?
        public var userID: Int64?
    }

    public static func parse(query: QueryItems, body: Data) -> Result<Parsed, RejectionReason> {
        let trimmed = body.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        // NotificationJSON, not JSONValue or JSONSerialization: this runs for every delivery, and only a few
        // top-level fields and `data.id` are read (ids and flags: no amounts, so no Decimal exactness is at stake).
        var json = Fields(nil)
        var bodyIsJSON = false
        if !trimmed.isEmpty, let object = NotificationJSON(trimmed) {
            json = Fields(object)
            bodyIsJSON = true
        }
        let queryDataID = query["data.id"]
        let queryType = query["type"]
        let queryTopic = query["topic"]
        let queryID = query["id"]

        // IPN by its query: the body is not needed and is not judged.
        if queryDataID == nil, let topic = queryTopic, !topic.isEmpty, let id = queryID, !id.isEmpty {
            return .success(
                Parsed(
                    kind: .ipn, notificationID: "ipn:\(topic):\(id)", topic: topic,
                    action: json.string("action"), dataID: id, queryDataID: nil, liveMode: json.bool("live_mode"),
                    userID: json.int64("user_id")))
        }
        // Anything else must carry a JSON object, unless the query alone says what it is.
        if !trimmed.isEmpty && !bodyIsJSON { return .failure(.malformedJSON) }
        // IPN by its body: {"resource": "https://api.mercadolibre.com/merchant_orders/123", "topic": "merchant_order"}.
        if queryDataID == nil, queryType == nil, json.string("type") == nil, let topic = json.string("topic"),
            let resource = json.string("resource")
        {
            let id = resource.split(separator: "/").last.map(String.init) ?? resource
            return .success(
                Parsed(
                    kind: .ipn, notificationID: "ipn:\(topic):\(id)", topic: topic, action: nil, dataID: id,
                    queryDataID: nil, liveMode: json.bool("live_mode"), userID: json.int64("user_id")))
        }
        let topic = queryType ?? json.string("type") ?? queryTopic
        let dataID = queryDataID ?? json.nested("data", "id")
        guard let topic, !topic.isEmpty, let dataID, !dataID.isEmpty else { return .failure(.missingResource) }
        let action = json.string("action")
        let notificationID: String
        if let id = json.string("id") {
            notificationID = id
        } else {
            // No id in the body (a hand-made delivery): the event's identity is its topic, resource, action and
            // creation date, so a retry of it is a duplicate and a later update is not.
            let created = json.string("date_created") ?? "-"
            notificationID = "webhook:\(topic):\(dataID):\(action ?? "-"):\(created)"
        }
        return .success(
            Parsed(
                kind: .webhook, notificationID: notificationID, topic: topic, action: action, dataID: dataID,
                queryDataID: queryDataID, liveMode: json.bool("live_mode"), userID: json.int64("user_id")))
    }

    /// Lossy readers over the body's fields: ids arrive as numbers or strings, flags as booleans or text, and
    /// anything else (null, arrays, objects where a scalar was expected) reads as absent (`NotificationJSON`).
    struct Fields {
        let object: NotificationJSON?

        init(_ object: NotificationJSON?) { self.object = object }

        func string(_ key: String) -> String? { NotificationJSON.string(object?[key]) }

        func nested(_ key: String, _ inner: String) -> String? {
            guard case .object(let fields)? = object?[key] else { return nil }
            return NotificationJSON.string(fields[inner])
        }

        func bool(_ key: String) -> Bool? { NotificationJSON.bool(object?[key]) }

        func int64(_ key: String) -> Int64? { NotificationJSON.int64(object?[key]) }
    }
}
