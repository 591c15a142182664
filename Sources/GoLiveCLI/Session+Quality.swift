import GoLiveCore
import StoreSQLite

extension Session {
    /// The quality measurer over this session's store, with the notifications it received as evidence.
    func qualityMeasurer(clock: any GoLiveClock = SystemClock()) -> QualityMeasurer {
        QualityMeasurer(store: store, notifications: StoredPaymentNotifications(store: store), clock: clock)
    }
}
