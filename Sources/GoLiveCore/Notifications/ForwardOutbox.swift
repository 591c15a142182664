public import Foundation

/// The forward outbox: deliveries of processed notifications (and of changes found otherwise) to the shop's
/// backend, durable across restarts (docs/FORWARDING.md).
///
/// Writers: the notification processor enqueues in the same transaction that records processing success
/// (``ProcessingRecord/forward``); other requirements (a backfill sweep) call ``enqueueForwards(_:at:)``, only
/// when forwarding is configured; `golive serve`'s ``ForwardWorker`` delivers. Readers: `golive notifications`,
/// the feed, `/metrics`, alerts (``forwardCounts(seller:)``).
public protocol ForwardOutbox: Sendable {
    /// Stores deliveries (`pending`, due now) in one transaction, in order; returns them as stored. A draft
    /// whose `deliveryID` is already stored is skipped (enqueueing twice is harmless).
    @discardableResult
    func enqueueForwards(_ drafts: [ForwardDraft], at: Date) async throws -> [ForwardDelivery]

    /// Deliveries whose attempt is due now, oldest first, at most one per order key (seller, resource type and
    /// `data_id`), and only when no earlier delivery of that key is still `pending` or `retrying`: a later
    /// status of one payment never overtakes an earlier one.
    func dueForwards(now: Date, limit: Int) async throws -> [ForwardDelivery]
    /// Records one attempt (`attempts` grows by one).
    func recordForwardAttempt(id: Int64, result: ForwardAttemptResult, at: Date) async throws

    /// Puts `dead` deliveries (one by `deliveryID`, or every one) back to `pending`, due now, attempts reset;
    /// returns them.
    func rearmDeadForwards(deliveryID: String?, at: Date) async throws -> [ForwardDelivery]

    /// The latest delivery of each of these notifications (absent: none).
    func forwardSummaries(notificationSeqs: [Int64]) async throws -> [Int64: ForwardSummary]
    /// Deliveries newest first, optionally of one state / one seller.
    func forwardDeliveries(seller: String?, state: ForwardingState?, limit: Int) async throws -> [ForwardDelivery]
    /// Counts by state (nil seller: every seller).
    func forwardCounts(seller: String?) async throws -> ForwardCounts
}
