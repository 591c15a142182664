import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite

extension Session {
    /// The orders reconciliation compares reports with, for one seller: those `golive serve` keeps from
    /// notifications.
    func orderLedger(for seller: SellerSettings) -> (any OrderLedger)? {
        NotificationOrderLedger(store: store, seller: seller.name)
    }

    /// Where fetched reports are kept: a `reports` folder beside the SQLite file.
    var reportsFolder: URL {
        switch settings.store {
        case .sqlite(let path):
            URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("reports")
        case .postgres:
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("golive-reports")
        }
    }
}
