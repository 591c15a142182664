import GoLiveCore

extension Session {
    /// The orders reconciliation compares reports with, for one seller; nil while this build keeps none.
    func orderLedger(for seller: SellerSettings) -> (any OrderLedger)? {
        nil
    }
}
