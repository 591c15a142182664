public import Foundation

/// The report balances pane's data: what the latest release report and pending payments say.
/// Amounts are exact decimals (parsed from the report's text), never binary floating point.
public struct BalanceSummary: Sendable, Hashable {
    public struct Release: Sendable, Hashable {
        /// `YYYY-MM-DD`.
        public var date: String
        public var amount: Decimal
        public var payments: Int?
        public init(date: String, amount: Decimal, payments: Int? = nil) {
            self.date = date
            self.amount = amount
            self.payments = payments
        }
    }

    public struct ReportInfo: Sendable, Hashable {
        /// `release` or `settlement`.
        public var kind: String
        public var name: String
        public var fetchedAt: Date
        public init(kind: String, name: String, fetchedAt: Date) {
            self.kind = kind
            self.name = name
            self.fetchedAt = fetchedAt
        }
    }

    /// The pending releases could not be refreshed through the API (it went away): since when they were last
    /// current (nil: never) and why. The last ones known stay in ``toBeReleased``; the pane says they are stale.
    public struct StaleReleases: Sendable, Hashable {
        public var since: Date?
        /// `MercadoPagoError.Kind`'s raw value (`unreachable`, `server_error`, `timeout`…), or `error`.
        public var kind: String
        public var httpStatus: Int?
        public init(since: Date?, kind: String, httpStatus: Int? = nil) {
            self.since = since
            self.kind = kind
            self.httpStatus = httpStatus
        }
    }

    public var currency: String
    public var available: Decimal?
    public var held: Decimal?
    /// To be released, by date, soonest first; nil when the source does not know (never shown as "nothing").
    public var toBeReleased: [Release]?
    public var lastReport: ReportInfo?
    public var asOf: Date
    /// The report configuration's `display_timezone` (`GMT-04`…) as stored; nil = Mercado Pago's default.
    /// Report times (`asOf`) are shown in it, named (see `DisplayTimeZone`).
    public var displayTimeZone: String?
    /// Set while the API does not answer the pending releases' search.
    public var releasesStale: StaleReleases?

    public init(
        currency: String, available: Decimal?, held: Decimal?, toBeReleased: [Release]?, lastReport: ReportInfo?,
        asOf: Date, displayTimeZone: String? = nil
    ) {
        self.displayTimeZone = displayTimeZone
        self.currency = currency
        self.available = available
        self.held = held
        self.toBeReleased = toBeReleased
        self.lastReport = lastReport
        self.asOf = asOf
    }
}

/// Where balances come from: the reports store (filled by the reports requirement).
public protocol BalanceSource: Sendable {
    /// Nil when no report has been fetched for the seller yet.
    func balanceSummary(seller: String) async throws -> BalanceSummary?
}
