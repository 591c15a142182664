import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite

/// `golive notifications replay --seq N | --failed` (issue 11): re-processes now — fetches the resource again
/// and updates the order, through the store's write path, so it works while `golive serve` runs — and, when
/// forwarding is on (configured, or the outbox already holds deliveries of `serve --forward-to`), enqueues a new
/// delivery to the shop (source `replay`) with that outcome in one transaction. `--failed` also re-arms every dead-lettered delivery. `serve`'s worker sends what is queued.
///
/// Exit codes: 0 when everything asked for was replayed (or there was nothing), 1 when a notification failed
/// again or `--seq` names nothing replayable, 2 for usage.
enum NotificationReplay {
    static func run(global: GlobalOptions, seq: Int64?, failed: Bool) async throws {
        let settings = try SettingsResolver().resolve(global.commandLine)
        let session = try Session.open(settings, requestTimeout: .seconds(20))
        let outcome: Outcome
        do {
            outcome = try await replay(session: session, seq: seq, failed: failed, now: Date())
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        for line in outcome.lines { print(line) }
        if outcome.failures > 0 { throw CommandFailure(exitCode: 1) }
    }

    struct Outcome {
        var lines: [String] = []
        var replayed = 0
        var failures = 0
        var rearmed = 0
    }

    static func replay(session: Session, seq: Int64?, failed: Bool, now: Date) async throws -> Outcome {
        let store = session.store
        let settings = session.settings
        var processor = NotificationProcessor(
            store: store,
            gateway: { name in
                let seller = name.flatMap { name in settings.sellers.first { $0.name == name } } ?? settings.seller
                return session.gateway(for: seller)
            })
        // Forwarding is on when configured here, or when `serve --forward-to` has used the store's outbox.
        let counts = try await store.forwardCounts(seller: nil)
        let forwarding =
            settings.forwarding != nil || counts.pending + counts.retrying + counts.delivered + counts.dead > 0
        if forwarding { processor.forwardSource = .replay }

        var outcome = Outcome()
        var targets: [StoredNotification] = []
        if let seq {
            guard let found = try await store.notification(seq: seq) else {
                outcome.lines.append("No notification #\(seq) in the store (see `golive notifications`).")
                outcome.failures += 1
                return outcome
            }
            if found.duplicate {
                outcome.lines.append("#\(seq) is a duplicate delivery: it is never processed. Replay the first one.")
                outcome.failures += 1
                return outcome
            }
            if found.processing == .pending {
                outcome.lines.append(
                    "#\(seq) is still pending: a running `golive serve` processes it (replay it once done or failed).")
                outcome.failures += 1
                return outcome
            }
            targets = [found]
        } else if failed {
            targets = try await store.notifications(NotificationQuery(processing: .failed, limit: 100_000)).reversed()
        }

        for stored in targets {
            // A fresh start: the processor's backoff counts from here (a failure becomes a retry for serve).
            var again = stored
            again.attempts = 0
            let record = await processor.process(again)
            try await store.recordProcessing([record], at: Date())
            outcome.replayed += 1
            outcome.lines.append(line(stored, record, forwarding: forwarding))
            if case .done = record.outcome {} else { outcome.failures += 1 }
        }

        if failed {
            let rearmed = try await store.rearmDeadForwards(deliveryID: nil, at: now)
            outcome.rearmed = rearmed.count
            for delivery in rearmed {
                let about = delivery.notificationSeq.map { "#\($0) " } ?? ""
                outcome.lines.append(
                    "delivery \(delivery.deliveryID) (\(about)\(delivery.topic) \(delivery.dataID ?? "-")): dead → "
                        + "pending, attempts reset")
            }
        }

        var summary =
            targets.isEmpty && outcome.rearmed == 0
            ? "Nothing to replay: no failed notification and no dead delivery."
            : "Replayed \(outcome.replayed) notification(s)"
                + (outcome.failures > 0 ? " (\(outcome.failures) failed again)" : "")
                + (failed ? ", re-armed \(outcome.rearmed) dead delivery(ies)" : "") + "."
        if forwarding && (outcome.replayed > outcome.failures || outcome.rearmed > 0) {
            summary += " `golive serve --forward-to` delivers what is queued."
        }
        outcome.lines.append(summary)
        return outcome
    }

    static func line(_ stored: StoredNotification, _ record: ProcessingRecord, forwarding: Bool) -> String {
        let n = stored.notification
        var text = "#\(stored.seq) \(n.topic) \(n.dataID ?? "-"): "
        switch record.outcome {
        case .done(let status):
            text += "re-processed" + (status.map { ", now \($0)" } ?? "")
            if let forward = record.forward {
                text += "; forward \(forward.deliveryID) queued"
            } else if !forwarding {
                text += " (forwarding is not configured)"
            }
        case .retry(let error, let next):
            text += "failed again (\(error)); golive serve retries at \(ISO8601DateFormatter().string(from: next))"
        case .failed(let error):
            text += "failed again (\(error))"
        }
        return text
    }
}
