import Foundation
import GoLiveCore
import StoreSQLite
import TerminalUI

/// The dashboard's balances from the reports golive fetched (`golive report fetch`, or `serve` daily): the
/// newest release report's final available balance and held money.
struct StoredReportBalances: BalanceSource {
    let latest: LatestReportBalance
    let store: SQLiteStore

    init(store: SQLiteStore) {
        self.store = store
        latest = LatestReportBalance(store: store)
    }

    func balanceSummary(seller: String) async throws -> BalanceSummary? {
        guard let snapshot = try await latest.snapshot(seller: seller) else { return nil }
        let site = try? await store.sellers().first { $0.name == seller }?.siteID
        return BalanceSummary(
            currency: Self.currency(site: site ?? nil),
            available: Decimal(string: snapshot.balance.finalAvailableBalance.description),
            held: Decimal(string: snapshot.balance.held.description), toBeReleased: nil,
            lastReport: .init(kind: "release", name: snapshot.report.fileName, fetchedAt: snapshot.report.fetchedAt),
            asOf: snapshot.report.endDate ?? snapshot.report.fetchedAt)
    }

    /// Each Mercado Pago site's currency; "" when the site is not known yet.
    static func currency(site: String?) -> String {
        [
            "MLA": "ARS", "MLB": "BRL", "MLM": "MXN", "MLC": "CLP", "MCO": "COP", "MPE": "PEN", "MLU": "UYU",
        ][site ?? ""] ?? ""
    }
}
