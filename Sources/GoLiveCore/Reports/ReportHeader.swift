/// Which of Mercado Pago's reports a CSV is (MERCADOPAGO.md §6.3, §6.4), decided from its header.
public enum ReportKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `release_report`, "Reporte de Liberaciones": money released, blocked and unblocked.
    case release
    /// `settlement_report`, "Todas las transacciones" / account balance: every transaction with fees.
    case settlement
}

/// A report's header: column names (as configured by the seller: any order, any set, extras ignored).
public struct ReportHeader: Sendable, Hashable {
    public let names: [String]
    public let kind: ReportKind
    private let positions: [String: Int]

    /// The columns each kind cannot be summed without.
    public static let required: [ReportKind: [String]] = [
        .release: ["RECORD_TYPE", "NET_CREDIT_AMOUNT", "NET_DEBIT_AMOUNT"],
        .settlement: ["TRANSACTION_TYPE", "TRANSACTION_AMOUNT", "SETTLEMENT_NET_AMOUNT"],
    ]

    /// Reads the header; the kind comes from `RECORD_TYPE` (release) or `TRANSACTION_TYPE` (settlement).
    public init(names raw: [String]) throws(GoLiveError) {
        let names = raw.map { $0.trimmingASCIISpaces().uppercased() }
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        let kind: ReportKind
        if positions["RECORD_TYPE"] != nil {
            kind = .release
        } else if positions["TRANSACTION_TYPE"] != nil {
            kind = .settlement
        } else {
            throw GoLiveError(
                .reportUnknownKind,
                "The header names neither RECORD_TYPE (release report) nor TRANSACTION_TYPE (settlement report): "
                    + "\(names.prefix(8).joined(separator: ","))\(names.count > 8 ? ",…" : "").",
                remedy:
                    "Give a release_report or settlement_report CSV with English column keys (report_translation: en)."
            )
        }
        let missing = (Self.required[kind] ?? []).filter { positions[$0] == nil }
        guard missing.isEmpty else {
            throw GoLiveError(
                .reportMissingColumns,
                "This \(kind.rawValue) report lacks the column\(missing.count == 1 ? "" : "s") "
                    + "\(missing.joined(separator: ", ")), needed to sum it.",
                remedy:
                    "Add \(missing.joined(separator: ", ")) to the report's `columns` configuration and fetch it again."
            )
        }
        self.names = names
        self.kind = kind
        self.positions = positions
    }

    /// The position of a column, or nil when the seller's configuration leaves it out.
    public func column(_ name: String) -> Int? { positions[name] }
}

extension String {
    func trimmingASCIISpaces() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
