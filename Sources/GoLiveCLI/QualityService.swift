import Foundation
import GoLiveConfig
import GoLiveCore
import Logging
import ServiceLifecycle

/// `golive serve`'s automatic monthly quality measurement (MERCADOPAGO.md §3.2): every configured seller with
/// an access token, checked hourly; between the 1st and the 7th the latest approved production payment is
/// measured once per month (``MonthlyQualityJob``). The first pass waits `firstDelay`, so the receiver is up
/// before the job uses the network.
struct MonthlyQualityService: Service {
    let job: MonthlyQualityJob
    let sellers: [MonthlyQualityJob.Seller]
    let logger: Logger
    var firstDelay: Duration = .seconds(30)
    var interval: Duration = .seconds(3600)

    init(session: Session, clock: any GoLiveClock, logger: Logger) {
        job = MonthlyQualityJob(measurer: session.qualityMeasurer(clock: clock), clock: clock)
        sellers = session.settings.sellers.compactMap { seller in
            session.gateway(for: seller).map { MonthlyQualityJob.Seller(name: seller.name, gateway: $0) }
        }
        self.logger = logger
    }

    func run() async throws {
        await PeriodicJob.run(when: !sellers.isEmpty, clock: job.clock, firstDelay: firstDelay) {
            await job.run(sellers, every: interval) { seller, outcome in
                switch outcome {
                case .success(.measured(let m)):
                    logger.notice(
                        "monthly quality measurement",
                        metadata: ["seller": "\(seller)", "payment": "\(m.paymentID)", "score": "\(m.score)"])
                case .success(.noProductionPayment(let month)):
                    logger.info(
                        "no approved production payment to measure",
                        metadata: ["seller": "\(seller)", "month": "\(month)"])
                case .success:
                    break
                case .failure(let error):
                    logger.warning(
                        "monthly quality measurement failed", metadata: ["seller": "\(seller)", "error": "\(error)"])
                }
            }
        }
    }
}
