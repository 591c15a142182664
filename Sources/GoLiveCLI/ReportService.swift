import Foundation
import GoLiveConfig
import GoLiveCore
import Logging
import ServiceLifecycle

/// `golive serve`'s daily report fetch (``DailyReportJob``): every configured seller with an access token,
/// checked hourly, fetched when its last report is a day old. The first pass waits `firstDelay`, so the
/// receiver is up before the job uses the network.
struct DailyReportService: Service {
    let job: DailyReportJob
    let sellers: [DailyReportJob.Seller]
    let logger: Logger
    var firstDelay: Duration = .seconds(60)
    var interval: Duration = .seconds(3600)

    init(session: Session, clock: any GoLiveClock, logger: Logger) {
        job = DailyReportJob(store: session.store, clock: clock, folder: session.reportsFolder)
        sellers = session.settings.sellers.compactMap { seller in
            (session.gateway(for: seller) as? any ReportsGateway).map {
                DailyReportJob.Seller(name: seller.name, sellerID: nil, gateway: $0)
            }
        }
        self.logger = logger
    }

    func run() async throws {
        await PeriodicJob.run(when: !sellers.isEmpty, clock: job.clock, firstDelay: firstDelay) {
            await job.run(sellers, every: interval) { seller, outcome in
                switch outcome {
                case .success(let fetched) where !fetched.isEmpty:
                    logger.notice(
                        "reports fetched",
                        metadata: ["seller": "\(seller)", "files": "\(fetched.map(\.fileName).joined(separator: ","))"])
                case .success:
                    break
                case .failure(let error):
                    logger.warning("daily report fetch failed", metadata: ["seller": "\(seller)", "error": "\(error)"])
                }
            }
        }
    }
}
