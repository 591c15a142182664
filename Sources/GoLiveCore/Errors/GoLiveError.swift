/// An error golive reports to a person: what happened, and what to do about it.
///
/// A struct with an open set of codes (as swift-certificates does) so adding a code breaks no caller.
/// The text never contains a secret: callers pass masked values only.
public struct GoLiveError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let usage = Code(rawValue: "usage")
        public static let configUnreadable = Code(rawValue: "config.unreadable")
        public static let configInvalid = Code(rawValue: "config.invalid")
        public static let configUnsafePermissions = Code(rawValue: "config.unsafe_permissions")
        public static let sellerUnknown = Code(rawValue: "config.seller_unknown")
        public static let storeUnsupported = Code(rawValue: "store.unsupported")
        public static let storeUnavailable = Code(rawValue: "store.unavailable")
        public static let storeCorrupt = Code(rawValue: "store.corrupt")
        public static let sandboxFailed = Code(rawValue: "sandbox.failed")

        // SSL check (issue 4): `golive ssl --ca-file` that is missing or holds no certificate.
        public static let sslCAFileInvalid = Code(rawValue: "ssl.ca_file_invalid")

        // Reports (issue 6): reading, summing and fetching release and settlement reports.
        public static let reportUnreadable = Code(rawValue: "report.unreadable")
        public static let reportEmpty = Code(rawValue: "report.empty")
        public static let reportUnknownKind = Code(rawValue: "report.unknown_kind")
        public static let reportMissingColumns = Code(rawValue: "report.missing_columns")
        public static let reportMalformed = Code(rawValue: "report.malformed")
        public static let reportOverflow = Code(rawValue: "report.overflow")
        public static let reportFetchFailed = Code(rawValue: "report.fetch_failed")
        public static let reportOrdersUnavailable = Code(rawValue: "report.orders_unavailable")

        // Quality measurement and payment approval (issue 5).
        public static let qualityRubricInvalid = Code(rawValue: "quality.rubric_invalid")
        public static let qualityPaymentNotFound = Code(rawValue: "quality.payment_not_found")
        public static let qualityNoProductionPayment = Code(rawValue: "quality.no_production_payment")
        public static let qualityNoAccessToken = Code(rawValue: "quality.no_access_token")
        public static let qualityAPIFailed = Code(rawValue: "quality.api_failed")

        // Backfill (issue 11): a sweep of /v1/payments/search for changes Mercado Pago never notified.
        public static let backfillNoAccessToken = Code(rawValue: "backfill.no_access_token")
        public static let backfillFailed = Code(rawValue: "backfill.failed")

        // The dashboard (issue 7).
        /// The terminal cannot run the dashboard (not a terminal, unknown TERM, TERM=dumb).
        public static let terminalUnavailable = Code(rawValue: "terminal.unavailable")

        // Data and deployment (issue 11): `golive store backup | purge`.
        /// The backup's destination exists and `--force` was not given.
        public static let backupExists = Code(rawValue: "store.backup_exists")
        /// The backup could not be written or did not pass its checks (nothing was left at the destination).
        public static let backupFailed = Code(rawValue: "store.backup_failed")
    }

    public let code: Code
    /// What happened, in one sentence.
    public let message: String
    /// What to do about it.
    public let remedy: String?

    public init(_ code: Code, _ message: String, remedy: String? = nil) {
        self.code = code
        self.message = message
        self.remedy = remedy
    }

    /// Whether this is the user's invocation that is wrong (exit code 2) rather than the world.
    public var isUsageError: Bool {
        [.usage, .configUnreadable, .configInvalid, .configUnsafePermissions, .sellerUnknown, .storeUnsupported]
            .contains(code)
    }

    public var description: String {
        guard let remedy else { return message }
        return "\(message)\n  → \(remedy)"
    }
}
