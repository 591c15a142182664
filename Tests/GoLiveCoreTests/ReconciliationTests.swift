import Foundation
import GoLiveCore
import Testing

/// Orders in a dictionary: the unit seam for reconciliation (the notifications store is the real one).
struct DictionaryLedger: OrderLedger {
    var orders: [LedgerOrder]
    func order(externalReference: String) async throws -> LedgerOrder? {
        orders.first { $0.externalReference == externalReference }
    }
    func order(paymentID: String) async throws -> LedgerOrder? { orders.first { $0.paymentIDs.contains(paymentID) } }
    func approvedOrders(from: Date, to: Date) async throws -> [LedgerOrder] {
        orders.filter { order in
            order.status == "approved" && order.updatedAt.map { $0 >= from && $0 < to } == true
        }
    }
}

@Suite struct ReconciliationTests {
    static let day = MercadoPagoDate.parse("2026-11-05T12:00:00.000-04:00")!

    static func order(_ reference: String, _ amount: String, payment: String, status: String = "approved")
        -> LedgerOrder
    {
        LedgerOrder(
            externalReference: reference, status: status, amount: Decimal(string: amount), paymentIDs: [payment],
            updatedAt: day)
    }

    static let report = """
        DATE,SOURCE_ID,EXTERNAL_REFERENCE,RECORD_TYPE,DESCRIPTION,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT,GROSS_AMOUNT
        2026-11-01T00:00:00.000-04:00,,,initial_available_balance,,100.00,0.00,
        2026-11-02T10:00:00.000-04:00,501,order-1,release,payment,95.00,0.00,100.00
        2026-11-03T10:00:00.000-04:00,502,,release,payment,47.50,0.00,50.00
        2026-11-04T10:00:00.000-04:00,503,order-3,release,payment,19.00,0.00,20.00
        2026-11-05T10:00:00.000-04:00,599,order-x,release,payment,9.50,0.00,10.00
        2026-11-06T10:00:00.000-04:00,501,order-1,release,refund,0.00,100.00,100.00
        2026-11-07T10:00:00.000-04:00,503,order-3,release,chargeback,0.00,20.00,20.00
        2026-11-08T10:00:00.000-04:00,504,order-4,release,payment,30.00,0.00,30.00
        2026-11-09T10:00:00.000-04:00,,,release,withdrawal,0.00,50.00,50.00
        ,,,total,,200.50,170.00,
        """

    @Test func everyKindOfMismatchIsFoundAndTheRestMatch() async throws {
        let ledger = DictionaryLedger(orders: [
            Self.order("order-1", "100.00", payment: "501"),
            Self.order("order-2", "50.00", payment: "502"),  // found by payment id: the row has no reference
            Self.order("order-3", "25.00", payment: "503"),  // amount differs
            Self.order("order-4", "30.00", payment: "504", status: "pending"),  // money for a pending order
            Self.order("order-5", "80.00", payment: "505"),  // approved, never released
        ])
        let (kind, rows) = try ReportMovement.read(bytes: Array(Self.report.utf8))
        #expect(kind == .release)
        let result = try await Reconciliation.run(kind: kind, rows: rows, ledger: ledger)
        #expect(result.matched == 2)
        let found = result.mismatches.map { "\($0.kind.rawValue):\($0.externalReference)" }
        #expect(
            found == [
                "amount_differs:order-3", "released_unknown_order:order-x", "refund:order-1", "chargeback:order-3",
                "status_differs:order-4", "approved_not_released:order-5",
            ])
        #expect(result.mismatches[0].line == 5)
        #expect(result.mismatches[0].orderAmount == Decimal(string: "25.00"))

        let csv = result.csv()
        #expect(csv.hasPrefix("kind,line,date,source_id,external_reference,report_amount,order_amount"))
        #expect(csv.split(separator: "\n").count == 7)
        let json = result.json(sellerID: 42, file: "r.csv")
        #expect(json["counts"]["refund"] == 1)
        #expect(json["mismatches"][0]["report_amount"] == "20.00")
    }

    @Test func aSettlementReportReconcilesByTransactionType() async throws {
        let report = """
            SOURCE_ID;EXTERNAL_REFERENCE;TRANSACTION_TYPE;TRANSACTION_AMOUNT;SETTLEMENT_NET_AMOUNT;TRANSACTION_DATE
            501;order-1;SETTLEMENT;100,00;95,00;2026-11-02T10:00:00.000-04:00
            501;order-1;CHARGEBACK;-100,00;-100,00;2026-11-09T10:00:00.000-04:00
            """
        let (kind, rows) = try ReportMovement.read(bytes: Array(report.utf8))
        let ledger = DictionaryLedger(orders: [Self.order("order-1", "100", payment: "501")])
        let result = try await Reconciliation.run(kind: kind, rows: rows, ledger: ledger)
        #expect(kind == .settlement)
        #expect(result.matched == 1)
        #expect(result.mismatches.map(\.kind) == [.chargeback])
    }
}
