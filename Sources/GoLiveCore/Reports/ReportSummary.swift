/// The release report summed: balance, movements by record type, description and day, and the cross-check
/// against the report's own subtotal and total rows (MERCADOPAGO.md §6.3, §6.5).
public struct ReleaseBalance: Sendable, Hashable {
    /// Data rows read (header excluded, skipped rows excluded).
    public var rows = 0
    public var initialAvailableBalance = ReportAmount.zero
    /// Sums of `NET_CREDIT_AMOUNT` / `NET_DEBIT_AMOUNT` over `release`, `block`, `unblock` and `fullblock` rows.
    public var credits = ReportAmount.zero
    public var debits = ReportAmount.zero
    /// Money blocked in the period and not unblocked in it: Σ block (debit − credit) − Σ unblock (credit − debit).
    public var held = ReportAmount.zero
    public var byRecordType: [String: ReportTally] = [:]
    public var byDescription: [String: ReportTally] = [:]
    public var byDay: [DayTally] = []
    public var crossCheck = CrossCheck()
    /// Rows whose `RECORD_TYPE` golive does not know: counted, not summed.
    public var unclassifiedRows = 0

    public var finalAvailableBalance: ReportAmount { initialAvailableBalance + credits - debits }

    public init() {}

    public struct DayTally: Sendable, Hashable {
        /// `yyyy-MM-dd` in the report's display timezone (as the `DATE` column writes it).
        public var date: String
        public var credits: ReportAmount
        public var debits: ReportAmount
    }

    public struct CrossCheck: Sendable, Hashable {
        /// The net of the `total` row, when the report has one.
        public var totalRow: ReportAmount?
        /// Whether the total (and every subtotal) agrees with the sums; nil when the report has neither.
        public var matches: Bool?
        /// What the total row was found to mean: `movements` (credits − debits) or `final_balance`.
        public var variant: String?
        public var subtotals: [SubtotalCheck] = []
        public init() {}
    }

    public struct SubtotalCheck: Sendable, Hashable {
        public var line: Int
        /// The record type of the section the subtotal closes.
        public var section: String
        public var computed: ReportAmount
        public var reported: ReportAmount
        public var matches: Bool { computed == reported }
    }
}

/// The settlement report summed: gross, fees and net, by transaction type and payment method (§6.4).
public struct SettlementSummary: Sendable, Hashable {
    public var rows = 0
    public var gross = ReportAmount.zero
    public var fees = ReportAmount.zero
    public var net = ReportAmount.zero
    public var byTransactionType: [String: SettlementTally] = [:]
    public var byPaymentMethod: [String: SettlementTally] = [:]
    public init() {}
}

/// A report summed, with what was skipped under `--lenient`.
public struct ReportSummary: Sendable, Hashable {
    public enum Totals: Sendable, Hashable {
        case release(ReleaseBalance)
        case settlement(SettlementSummary)
    }

    public var totals: Totals
    /// The separator found in the header line.
    public var separator: Character
    /// Malformed rows skipped (only with `lenient`); the first few are in ``problems``.
    public var skipped: Int
    public var problems: [CSVSyntaxError]

    public var kind: ReportKind {
        switch totals {
        case .release: .release
        case .settlement: .settlement
        }
    }
}
