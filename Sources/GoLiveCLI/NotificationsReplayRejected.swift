import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite
import WebhookServer

/// `golive notifications replay --rejected [--json]` (issue 11): re-verifies the stored rejected deliveries with
/// the secrets configured now (``RejectedReplay``); those that verify are stored as notifications and processed
/// (the order updates) through the seller's Mercado Pago connection.
enum ReplayRejectedRun {
    static func run(global: GlobalOptions, json: Bool) async throws {
        let settings = try SettingsResolver().resolve(global.commandLine)
        let session = try Session.open(settings, requestTimeout: .seconds(20))
        do {
            let results = try await replay(session: session)
            if json {
                let recovered = results.filter { $0.outcome.recovered }.count
                let document = Document(
                    recovered: recovered, stillRejected: results.count - recovered, results: results)
                print(String(decoding: try JSONEncoder.goLive().encode(document), as: UTF8.self))
            } else if results.isEmpty {
                print("No refused delivery to re-verify (only signature refusals keep their request, for a while).")
            } else {
                for result in results { print(line(result)) }
            }
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }

    /// The replay with `serve`'s receiver logic and processor over the session's store and gateways.
    static func replay(session: Session, clock: any GoLiveClock = SystemClock()) async throws
        -> [RejectedReplay.Result]
    {
        let store = session.store
        let known = try await store.sellers()
        let settings = session.settings
        let sellers = settings.sellers.map { seller in
            ReceiverSeller(
                name: seller.name, userID: known.first { $0.name == seller.name }?.userID,
                secret: seller.webhookSecret, previousSecret: seller.previousWebhookSecret,
                previousUntil: seller.previousSecretUntil)
        }
        let receiver = WebhookReceiver(
            sellers: sellers, batcher: NotificationBatcher(store: store), metrics: ReceiverMetrics(), clock: clock)
        let processor = NotificationProcessor(
            store: store,
            gateway: { name in
                let seller = name.flatMap { name in settings.sellers.first { $0.name == name } } ?? settings.seller
                return session.gateway(for: seller)
            }, clock: clock)
        return try await RejectedReplay(receiver: receiver, store: store, processor: processor, clock: clock).run()
    }

    struct Document: Encodable {
        var recovered: Int
        var stillRejected: Int
        var results: [RejectedReplay.Result]

        enum CodingKeys: String, CodingKey {
            case recovered, results
            case stillRejected = "still_rejected"
        }
    }

    static func line(_ result: RejectedReplay.Result) -> String {
        let time = ISO8601DateFormatter().string(from: result.rejected.receivedAt)
        var text = "rejected #\(result.rejected.seq ?? 0)  \(time)  data.id \(result.rejected.dataID ?? "-")  "
        if result.outcome.recovered {
            text += "RECOVERED (\(result.outcome.secret?.rawValue ?? "?") secret) → notification "
            text += "#\(result.outcome.notificationSeq ?? 0)"
            if let notification = result.notification {
                text += "  \(notification.processing.rawValue)"
                if let status = notification.resourceStatus { text += " → \(status)" }
            }
        } else {
            text += "still rejected: \(result.outcome.reason?.rawValue ?? "?")"
            if let detail = result.outcome.detail { text += " — \(detail)" }
        }
        return text
    }
}
