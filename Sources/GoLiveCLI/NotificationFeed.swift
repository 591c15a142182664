import Foundation
import GoLiveCore
import TerminalUI

/// The dashboard's notification feed over the notification store (what `golive serve` records).
struct NotificationFeed: FeedSource {
    let store: any NotificationStore
    /// Orders are looked up for the newest payments of each read only.
    var orderLookups = 20
    /// The language of the fetched-resource summary in the detail overlay.
    var text = UIText(.english)

    func recentNotifications(seller: String, limit: Int) async throws -> [FeedEntry] {
        try await recentNotifications(seller: seller, after: nil, limit: limit)
    }

    /// The newest `limit` with `seq` above `after` (all when nil), newest first: one indexed range read
    /// (`notification_by_seller`), whatever the size of the log.
    func recentNotifications(seller: String, after: Int64?, limit: Int) async throws -> [FeedEntry] {
        var query = NotificationQuery(seller: seller, afterSeq: after, limit: limit)
        query.mode = .live  // issue 11: the feed is production only; test mode is counted apart
        let stored = try await store.notifications(query)
        var entries: [FeedEntry] = []
        entries.reserveCapacity(stored.count)
        for (index, item) in stored.enumerated() {
            var order: ShopOrder?
            if index < orderLookups, item.notification.resource == .payment, let id = item.notification.dataID {
                order = try? await store.order(paymentID: id)
            }
            entries.append(Self.entry(item, order: order, text: text))
        }
        // Forwarding (issue 11): each row's latest delivery to the shop, by index.
        if let outbox = store as? any ForwardOutbox {
            let summaries = try await outbox.forwardSummaries(notificationSeqs: entries.map(\.seq))
            for index in entries.indices { entries[index].forwarding = summaries[entries[index].seq] }
        }
        return entries
    }

    static func entry(_ item: StoredNotification, order: ShopOrder?, text: UIText = UIText(.english)) -> FeedEntry {
        let notification = item.notification
        var headers: [FeedEntry.Header] = []
        if let requestID = notification.requestID { headers.append(.init(name: "x-request-id", value: requestID)) }
        if let userID = notification.userID { headers.append(.init(name: "user_id (body)", value: "\(userID)")) }
        var summary: [String] = []
        if let status = item.resourceStatus {
            summary.append("\(notification.topic) \(notification.dataID ?? "?"): \(text.processing(status))")
        }
        if let order {
            // Money as the currency's site writes it (ARS 1.234,56), whatever the language.
            var line = text.orderReference(order.externalReference)
            if let amount = order.amount { line += ", " + Money.format(amount, currency: order.currency ?? "") }
            if let status = order.status { line += ", " + text.processing(status) }
            summary.append(line)
        }
        if let error = item.lastError {
            summary.append(text.lastError(attempts: item.attempts, PayerData.scrubText(error)))
        }
        if item.processing == .pending, let next = item.nextAttemptAt {
            summary.append(text.nextAttempt(ISO8601DateFormatter().string(from: next)))
        }
        return FeedEntry(
            seq: item.seq, id: notification.notificationID, receivedAt: notification.receivedAt,
            kind: notification.kind.rawValue, topic: notification.topic, action: notification.action,
            dataID: notification.dataID, liveMode: notification.liveMode, signature: notification.signature.rawValue,
            signatureVariant: notification.signatureVariant, duplicate: item.duplicate,
            processing: item.processing.rawValue, resourceStatus: item.resourceStatus, headers: headers,
            resourceSummary: summary.isEmpty ? nil : summary.joined(separator: "; "),
            body: PayerData.maskedBody(notification.body))
    }
}
