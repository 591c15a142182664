import GoLiveCore
import StoreSQLite

extension Session {
    /// The orders reconciliation compares reports with, for one seller: those `golive serve` keeps from
    /// notifications.
    func orderLedger(for seller: SellerSettings) -> (any OrderLedger)? {
        NotificationOrderLedger(store: store, seller: seller.name)
    }
}
