public import Foundation

/// A report's rows against the shop's orders: what does not line up, as a list one can export.
public struct Reconciliation: Sendable, Hashable {
    public enum MismatchKind: String, Sendable, Hashable, CaseIterable {
        /// The shop has the order as approved in the report's period, but no payment row of the report has it.
        case approvedNotReleased = "approved_not_released"
        /// Money released (or settled) for a payment that matches no order the shop knows.
        case releasedUnknownOrder = "released_unknown_order"
        /// The report's amount for the payment differs from the order's.
        case amountDiffers = "amount_differs"
        /// Money arrived for an order the shop does not have as approved.
        case statusDiffers = "status_differs"
        case refund
        case chargeback
    }

    public struct Mismatch: Sendable, Hashable {
        public var kind: MismatchKind
        /// The report line, nil for an order with no row.
        public var line: Int?
        public var date: Date?
        public var sourceID: String
        public var externalReference: String
        public var reportAmount: ReportAmount?
        public var orderAmount: Decimal?
        public var orderStatus: String?
        public var detail: String
    }

    public var kind: ReportKind
    public var rows: Int
    /// Payment rows that found their order with the same amount and an approved status.
    public var matched: Int
    public var mismatches: [Mismatch]

    /// Compares every payment, refund and chargeback row with the ledger (by `SOURCE_ID`, then by
    /// `EXTERNAL_REFERENCE`), then lists orders approved in the report's period that no row mentions.
    public static func run(kind: ReportKind, rows: [ReportMovement], ledger: any OrderLedger) async throws
        -> Reconciliation
    {
        var result = Reconciliation(kind: kind, rows: rows.count, matched: 0, mismatches: [])
        var seenReferences = Set<String>()
        var seenPayments = Set<String>()
        for row in rows where row.category != .summary && row.category != .other {
            var order: LedgerOrder?
            if !row.sourceID.isEmpty { order = try await ledger.order(paymentID: row.sourceID) }
            if order == nil, !row.externalReference.isEmpty {
                order = try await ledger.order(externalReference: row.externalReference)
            }
            if !row.sourceID.isEmpty { seenPayments.insert(row.sourceID) }
            if let order { seenReferences.insert(order.externalReference) }
            if !row.externalReference.isEmpty { seenReferences.insert(row.externalReference) }
            func mismatch(_ kind: MismatchKind, _ detail: String) -> Mismatch {
                Mismatch(
                    kind: kind, line: row.line, date: row.date, sourceID: row.sourceID,
                    externalReference: row.externalReference.isEmpty
                        ? (order?.externalReference ?? "") : row.externalReference,
                    reportAmount: row.gross ?? row.net, orderAmount: order?.amount, orderStatus: order?.status,
                    detail: detail)
            }
            switch row.category {
            case .payment:
                guard let order else {
                    result.mismatches.append(
                        mismatch(.releasedUnknownOrder, "\(row.type) for a payment no stored order has"))
                    continue
                }
                if let expected = order.amount, let gross = row.gross, Self.decimal(gross) != expected {
                    result.mismatches.append(
                        mismatch(.amountDiffers, "the report says \(gross), the order \(expected)"))
                } else if order.status != nil && order.status != "approved" && order.status != "closed" {
                    result.mismatches.append(
                        mismatch(.statusDiffers, "money arrived, but the order is \(order.status ?? "unknown")"))
                } else {
                    result.matched += 1
                }
            case .refund:
                result.mismatches.append(mismatch(.refund, "\(row.type): \(row.net) for this order"))
            case .chargeback:
                result.mismatches.append(mismatch(.chargeback, "\(row.type): \(row.net) for this order"))
            case .summary, .other:
                break
            }
        }
        let dates = rows.compactMap(\.date)
        if let first = dates.min(), let last = dates.max() {
            for order in try await ledger.approvedOrders(from: first, to: last.addingTimeInterval(1))
            where !seenReferences.contains(order.externalReference)
                && !order.paymentIDs.contains(where: seenPayments.contains)
            {
                result.mismatches.append(
                    Mismatch(
                        kind: .approvedNotReleased, line: nil, date: order.updatedAt,
                        sourceID: order.paymentIDs.last ?? "", externalReference: order.externalReference,
                        reportAmount: nil, orderAmount: order.amount, orderStatus: order.status,
                        detail: "approved, but no row of this \(kind.rawValue) report has it"))
            }
        }
        return result
    }

    static func decimal(_ amount: ReportAmount) -> Decimal {
        Decimal(amount.units) / Decimal(ReportAmount.scale)
    }

    // MARK: Output

    public static let csvColumns = [
        "kind", "line", "date", "source_id", "external_reference", "report_amount", "order_amount", "order_status",
        "detail",
    ]

    /// The mismatches as CSV (comma-separated, RFC 4180 quoting), header first.
    public func csv() -> String {
        var out = Self.csvColumns.joined(separator: ",") + "\n"
        for mismatch in mismatches {
            let fields = [
                mismatch.kind.rawValue, mismatch.line.map(String.init) ?? "",
                mismatch.date.map { MercadoPagoDate.format($0) } ?? "", mismatch.sourceID,
                mismatch.externalReference, mismatch.reportAmount?.description ?? "",
                mismatch.orderAmount.map { "\($0)" } ?? "", mismatch.orderStatus ?? "", mismatch.detail,
            ]
            out += fields.map(Self.quote).joined(separator: ",") + "\n"
        }
        return out
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The document of `golive report reconcile --json`.
    public func json(sellerID: Int64?, file: String) -> JSONValue {
        var counts: [String: JSONValue] = [:]
        for kind in MismatchKind.allCases {
            counts[kind.rawValue] = .number(Decimal(mismatches.filter { $0.kind == kind }.count))
        }
        return [
            "seller_id": sellerID.map { .number(Decimal($0)) } ?? .null,
            "file": .string(file),
            "kind": .string(kind.rawValue),
            "rows": .number(Decimal(rows)),
            "matched": .number(Decimal(matched)),
            "counts": .object(counts),
            "mismatches": .array(
                mismatches.map { mismatch in
                    [
                        "kind": .string(mismatch.kind.rawValue),
                        "line": mismatch.line.map { .number(Decimal($0)) } ?? .null,
                        "date": mismatch.date.map { .string(MercadoPagoDate.format($0)) } ?? .null,
                        "source_id": .string(mismatch.sourceID),
                        "external_reference": .string(mismatch.externalReference),
                        "report_amount": mismatch.reportAmount?.json ?? .null,
                        "order_amount": mismatch.orderAmount.map { .string("\($0)") } ?? .null,
                        "order_status": mismatch.orderStatus.map(JSONValue.string) ?? .null,
                        "detail": .string(mismatch.detail),
                    ]
                }),
        ]
    }
}
