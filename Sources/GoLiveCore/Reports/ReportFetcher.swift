public import Foundation

/// Fetches one report: makes sure its configuration exists, asks for it (following a 203's dates once),
/// waits until it is listed, and downloads it into a folder (MERCADOPAGO.md §6.1).
public struct ReportFetcher: Sendable {
    public enum Progress: Sendable, Hashable {
        case configCreated(ReportType)
        case requested(begin: Date, end: Date)
        /// 203: Mercado Pago asked for other dates.
        case retrying(begin: Date, end: Date, message: String?)
        case waiting(poll: Int)
        case downloading(fileName: String)
    }

    public struct Result: Sendable, Hashable {
        public var entry: ReportFileEntry
        public var file: URL
        public var bytes: Int64
        public var begin: Date
        public var end: Date
    }

    public let gateway: any ReportsGateway
    public let clock: any GoLiveClock
    /// Waits between polls of the list: 1 s, doubling, capped here.
    public var maxPollInterval: Duration = .seconds(30)
    /// How long to wait for Mercado Pago to list the file.
    public var maxWait: Duration = .seconds(600)

    public init(gateway: any ReportsGateway, clock: any GoLiveClock = SystemClock()) {
        self.gateway = gateway
        self.clock = clock
    }

    public func fetch(
        _ type: ReportType, begin: Date, end: Date, into folder: URL,
        progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws(GoLiveError) -> Result {
        do {
            if try await gateway.reportConfig(type) == nil {
                _ = try await gateway.saveReportConfig(type, Self.defaultConfig(type), create: true)
                progress(.configCreated(type))
            }
            let before = Set(try await gateway.listReports(type).map(\.fileName))
            var begin = begin
            var end = end
            progress(.requested(begin: begin, end: end))
            var creation = try await gateway.createReport(type, begin: begin, end: end)
            if case .retry(let suggestedBegin, let suggestedEnd, let message) = creation {
                guard let suggestedBegin, let suggestedEnd else {
                    throw GoLiveError(
                        .reportFetchFailed,
                        "Mercado Pago did not create the \(type.rawValue) (203) and suggested no dates"
                            + (message.map { ": \($0)" } ?? "."),
                        remedy: "Ask for a period that ends before now (--to).")
                }
                begin = suggestedBegin
                end = suggestedEnd
                progress(.retrying(begin: begin, end: end, message: message))
                creation = try await gateway.createReport(type, begin: begin, end: end)
            }
            guard case .accepted(let created) = creation else {
                throw GoLiveError(
                    .reportFetchFailed, "Mercado Pago did not create the \(type.rawValue), even with its own dates.",
                    remedy: "Try again later, or ask for a shorter period.")
            }
            let entry = try await waitForListing(type, created: created, before: before, progress: progress)
            progress(.downloading(fileName: entry.fileName))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent(Self.safeFileName(entry.fileName))
            let bytes = try await gateway.downloadReport(type, fileName: entry.fileName, to: file)
            return Result(entry: entry, file: file, bytes: bytes, begin: begin, end: end)
        } catch let error as GoLiveError {
            throw error
        } catch let error as MercadoPagoError {
            throw GoLiveError(
                .reportFetchFailed, "Fetching the \(type.rawValue) failed: \(error).",
                remedy: "Check the access token and the network, then run `golive report fetch` again.")
        } catch {
            throw GoLiveError(
                .reportFetchFailed, "Fetching the \(type.rawValue) failed: \(error.localizedDescription).",
                remedy: "Check that the store's folder is writable, then run again.")
        }
    }

    private func waitForListing(
        _ type: ReportType, created: ReportFileEntry?, before: Set<String>, progress: (Progress) -> Void
    ) async throws -> ReportFileEntry {
        let started = clock.now()
        var interval = Duration.seconds(1)
        var poll = 0
        while true {
            poll += 1
            let listed = try await gateway.listReports(type)
            let match =
                if let created { listed.first { $0.fileName == created.fileName } } else {
                    listed.first { !before.contains($0.fileName) }
                }
            if let match { return match }
            progress(.waiting(poll: poll))
            guard clock.now().timeIntervalSince(started) < maxWait.timeInterval else {
                throw GoLiveError(
                    .reportFetchFailed,
                    "Mercado Pago has not listed the \(type.rawValue) after \(Int(maxWait.timeInterval)) s.",
                    remedy: "Reports can take a while: run `golive report fetch` again later.")
            }
            try await clock.sleep(for: interval)
            interval = min(interval * 2, maxPollInterval)
        }
    }

    /// The configuration golive creates when the seller has none: Mercado Pago's defaults, English column keys.
    public static func defaultConfig(_ type: ReportType) -> JSONValue {
        [
            "file_name_prefix": .string(type == .release ? "golive-release" : "golive-settlement"),
            "display_timezone": "GMT-04",
            "report_translation": "en",
            "separator": ",",
        ]
    }

    /// A file name from the API, kept to a safe set of characters (it becomes a path on disk).
    static func safeFileName(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        var safe = String(name.map { allowed.contains($0) ? $0 : "_" })
        while safe.hasPrefix(".") { safe.removeFirst() }
        return safe.isEmpty ? "report.csv" : safe
    }
}

/// `reports.configured`: both report configurations exist and a report was fetched in the last week.
public struct ReportsCheckSource: CheckSource {
    public let store: any ReportStore
    public var freshness: TimeInterval = 7 * 86_400

    public init(store: any ReportStore) { self.store = store }

    public var checkIDs: [CheckID] { [.reportsConfigured] }

    public func results(in context: CheckContext) async -> [CheckResult] {
        let title = "Release and settlement reports configured"
        func result(_ status: CheckStatus, _ summary: String, _ details: [String: JSONValue] = [:], _ actions: [String])
            -> [CheckResult]
        {
            [
                CheckResult(
                    id: .reportsConfigured, title: title, status: status, summary: summary, details: details,
                    actions: actions, checkedAt: context.now)
            ]
        }
        guard let gateway = context.gateway as? any ReportsGateway else {
            return result(
                .unknown, "No access token: the report configurations cannot be read.", [:], ["Set MP_ACCESS_TOKEN."])
        }
        var missing: [String] = []
        var details: [String: JSONValue] = [:]
        for type in ReportType.allCases {
            do {
                let config = try await gateway.reportConfig(type)
                details[type.rawValue] = config == nil ? "missing" : "configured"
                // The zone report times are shown in (the dashboard's balances pane reads it from here).
                if type == .release, let zone = config?["display_timezone"].string {
                    details["display_timezone"] = .string(zone)
                }
                if config == nil { missing.append(type.rawValue) }
            } catch {
                return result(
                    .unknown, "Reading the \(type.rawValue) configuration failed: \(error.reason).", details,
                    ["Check the access token and the network, then check again."])
            }
        }
        if !missing.isEmpty {
            return result(
                .fail, "No configuration for \(missing.joined(separator: " and ")).", details,
                [
                    "Run `golive report fetch --type \(missing[0] == "release_report" ? "release" : "settlement")`: it creates the configuration with Mercado Pago's defaults."
                ])
        }
        let latest = try? await store.fetchedReports(seller: context.seller.name, type: nil, limit: 1).first
        if let latest {
            details["last_fetched_at"] = .string(MercadoPagoDate.format(latest.fetchedAt))
            details["last_file"] = .string(latest.fileName)
        }
        guard let latest, context.now.timeIntervalSince(latest.fetchedAt) <= freshness else {
            return result(
                .warn, "Both reports are configured, but none was fetched in the last 7 days.", details,
                ["Run `golive report fetch --type release` (serve does it daily)."])
        }
        return result(.pass, "Both reports are configured; the last was fetched \(latest.fileName).", details, [])
    }
}
