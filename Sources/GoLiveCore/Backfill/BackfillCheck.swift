public import Foundation

/// Adds the backfill to `notifications.receiving` (issue 11): the never-notified changes found in the check's
/// window and how the last sweep went, as details; a `pass` with never-notified changes becomes a `warn` whose
/// action tells the operator to check the notification URL in the developer panel. Wraps the notifications'
/// own source, so that source stays unaware of the backfill.
public struct BackfilledReceivingCheck: CheckSource {
    public let inner: any CheckSource
    public let store: any BackfillStore
    public var window: TimeInterval

    public init(_ inner: any CheckSource, store: any BackfillStore, window: TimeInterval = 24 * 3600) {
        self.inner = inner
        self.store = store
        self.window = window
    }

    public var checkIDs: [CheckID] { inner.checkIDs }

    public func results(in context: CheckContext) async -> [CheckResult] {
        let results = await inner.results(in: context)
        guard let count = try? await store.neverNotifiedCount(seller: context.seller.name, since: context.now - window)
        else { return results }
        let status = (try? await store.backfillStatus(seller: context.seller.name)) ?? nil
        return results.map { result in
            result.id == .notificationsReceiving ? Self.augment(result, neverNotified: count, backfill: status) : result
        }
    }

    public static func augment(_ result: CheckResult, neverNotified: Int, backfill: BackfillStatus?) -> CheckResult {
        var result = result
        result.details["never_notified_in_window"] = .number(Decimal(neverNotified))
        if let backfill {
            result.details["backfill"] = .string(backfill.summary)
            result.details["backfill_state"] = .string(backfill.state)
        }
        if neverNotified > 0 {
            if result.status == .pass { result.status = .warn }
            result.summary += " Mercado Pago never notified \(neverNotified) status change(s) the backfill found."
            result.actions.append(
                "Check the Webhooks URL (production mode) and its events in Your integrations > (your app) > Webhooks, "
                    + "and the delivery status in its notifications dashboard; `golive notifications --never-notified` "
                    + "lists what was missed.")
        }
        if let backfill, backfill.lastError != nil {
            result.actions.append(
                "The backfill is failing (\(backfill.summary)); run `golive notifications backfill` to see why.")
        }
        return result
    }
}
