import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite

/// `golive notifications`: what the receiver stored, newest first; reads the store only (no token needed).
struct NotificationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "List the notifications golive serve received (or, with --rejected, the deliveries it refused).",
        discussion: """
            Reads the store only: no access token is needed. --json prints one JSON array (newest first); with \
            --follow it prints one JSON object a line as notifications arrive. --seller limits to one seller. \
            Test-mode notifications (live_mode=false) are hidden: --test-mode lists only them, --all both.
            """,
        subcommands: [NotificationsReplayCommand.self, NotificationsBackfillCommand.self])

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON on stdout.") var json = false
    @Option(help: "How many to list.") var limit: Int = 50
    @Flag(help: "Keep printing new notifications as they arrive, until Ctrl-C.") var follow = false
    @Flag(help: "List refused deliveries (reason, request id, remote address) instead.") var rejected = false
    @Flag(name: .customLong("test-mode"), help: "Only test-mode notifications (live_mode=false; hidden by default).")
    var testMode = false  // issue 11
    @Flag(help: "Production and test-mode notifications together.") var all = false  // issue 11
    @Flag(help: "List the status changes Mercado Pago never notified, found by the backfill sweep, instead.")
    var neverNotified = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be a positive number.") }
        if follow && rejected { throw ValidationError("--follow cannot be combined with --rejected.") }
        if testMode && all { throw ValidationError("Give --test-mode or --all, not both.") }
        if neverNotified && (follow || rejected) {
            throw ValidationError("--never-notified cannot be combined with --follow or --rejected.")
        }
    }

    func run() async throws {
        let store = try NotificationsCommand.openStore(global)
        if neverNotified {
            try await listNeverNotified(store)
            return
        }
        if rejected {
            let deliveries = try await store.rejectedDeliveries(limit: limit)
            if json {
                print(String(decoding: try JSONEncoder.goLive().encode(deliveries), as: UTF8.self))
            } else if deliveries.isEmpty {
                print("No refused deliveries.")
            } else {
                for delivery in deliveries { print(Self.line(delivery)) }
            }
            return
        }
        let seller = global.seller
        let mode: NotificationMode = testMode ? .test : all ? .all : .live
        var query = NotificationQuery(seller: seller, limit: limit)
        query.mode = mode
        let newest = try await Self.withForwarding(store, try await store.notifications(query))  // issue 11
        if !follow {
            if json {
                print(String(decoding: try JSONEncoder.goLive().encode(newest), as: UTF8.self))
            } else if newest.isEmpty, mode == .live, try await store.testModeCount(seller: seller) > 0 {
                print("No production notifications yet; test-mode ones are hidden (--test-mode or --all shows them).")
            } else if newest.isEmpty {
                print("No notifications stored yet. Run `golive serve` and point Mercado Pago's Webhooks at it.")
            } else {
                for notification in newest { print(Self.line(notification)) }
            }
            return
        }
        let json = json
        try await SignalScope.runUntilSignal {
            var last: Int64 = 0
            let encoder = JSONEncoder.goLive(pretty: false)
            func emit(_ batch: [StoredNotification]) throws {
                for notification in batch {
                    let text =
                        json
                        ? String(decoding: try encoder.encode(notification), as: UTF8.self) : Self.line(notification)
                    FileHandle.standardOutput.write(Data((text + "\n").utf8))
                    last = max(last, notification.seq)
                }
            }
            try emit(newest.reversed())
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(500))
                var next = NotificationQuery(seller: seller, afterSeq: last, limit: 1000)
                next.mode = mode
                let fresh = try await Self.withForwarding(store, try await store.notifications(next))  // issue 11
                try emit(fresh.reversed())
            }
        }
    }

    /// Forwarding (issue 11): each notification's latest delivery to the shop.
    static func withForwarding(_ store: any GoLiveDatabase, _ list: [StoredNotification]) async throws
        -> [StoredNotification]
    {
        let summaries = try await store.forwardSummaries(notificationSeqs: list.map(\.seq))
        guard !summaries.isEmpty else { return list }
        return list.map { stored in
            var stored = stored
            stored.forwarding = summaries[stored.seq]
            return stored
        }
    }

    /// `--never-notified`: the backfill's findings, newest first, with each seller's last sweep.
    func listNeverNotified(_ store: any GoLiveDatabase) async throws {
        let findings = try await store.neverNotified(seller: global.seller, limit: limit)
        if json {
            print(String(decoding: try JSONEncoder.goLive().encode(findings), as: UTF8.self))
            return
        }
        for status in try await store.backfillStatuses() where global.seller == nil || status.seller == global.seller {
            print("backfill \(status.seller): \(status.summary)")
        }
        if findings.isEmpty {
            print("No status change found that Mercado Pago never notified.")
        } else {
            for finding in findings { print(BackfillOutput.line(finding)) }
        }
    }

    static func openStore(_ global: GlobalOptions) throws -> any GoLiveDatabase {
        let settings = try SettingsResolver().resolve(global.commandLine)
        return try Session.openStore(settings.store)
    }

    static func line(_ stored: StoredNotification) -> String {
        let n = stored.notification
        let time = ISO8601DateFormatter().string(from: n.receivedAt)
        let signature = n.signatureVariant.map { "\(n.signature.rawValue)(\($0))" } ?? n.signature.rawValue
        var text = "#\(stored.seq)  \(time)  \(n.kind.rawValue)  \(n.topic)"
        if let action = n.action { text += " \(action)" }
        text += "  data.id \(n.dataID ?? "-")  seller \(n.seller ?? "?")  signature \(signature)"
        text += "  \(stored.processing.rawValue)"
        if let status = stored.resourceStatus { text += " → \(status)" }
        if stored.duplicate { text += "  DUPLICATE" }
        if stored.processing != .done, let error = stored.lastError { text += "  (\(PayerData.scrubText(error)))" }
        if let forward = stored.forwarding { text += "  " + ForwardText.marker(forward, long: true) }  // issue 11
        return text
    }

    static func line(_ delivery: RejectedDelivery) -> String {
        let time = ISO8601DateFormatter().string(from: delivery.receivedAt)
        var text = "\(time)  \(delivery.reason.rawValue)"
        if let dataID = delivery.dataID { text += "  data.id \(dataID)" }
        if let request = delivery.requestID { text += "  request \(request)" }
        if let remote = delivery.remoteAddress { text += "  from \(remote)" }
        if let seller = delivery.seller { text += "  seller \(seller)" }
        if let detail = delivery.detail { text += "  — \(PayerData.scrubText(detail))" }
        if let replay = delivery.replay { text += "  [replay: \(replay.result)]" }  // issue 11
        return text
    }
}

/// `golive notifications replay [--seq N | --failed | --rejected]`: re-processes now and re-forwards
/// (``NotificationReplay``); `--rejected` re-verifies refused deliveries.
struct NotificationsReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-process a notification (--seq N) or every failed one (--failed, also re-arming dead deliveries "
            + "to the shop) and re-forward it; re-verify refused ones (--rejected).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The notification's seq (from `golive notifications`).") var seq: Int64?
    @Flag(help: "Every notification whose processing failed.") var failed = false
    @Flag(help: "Re-verify refused deliveries with the secrets configured now; those that verify are processed.")
    var rejected = false  // issue 11: NotificationsReplayRejected.swift
    @Flag(help: "With --rejected: print one JSON document.") var json = false
    /// `notifications` declares `--rejected`/`--json` too, and ArgumentParser gives them to the parent.
    @ParentCommand var parent: NotificationsCommand

    func validate() throws {
        guard [seq != nil, failed, rejected || parent.rejected].filter({ $0 }).count == 1 else {
            throw ValidationError("Give exactly one of --seq N, --failed or --rejected.")
        }
    }

    func run() async throws {
        if rejected || parent.rejected {
            return try await ReplayRejectedRun.run(global: global, json: json || parent.json)
        }
        // issue 11: re-process now and re-forward (NotificationReplay.swift)
        try await NotificationReplay.run(global: global, seq: seq, failed: failed)
    }
}
