public import Foundation

/// The automatic monthly measurement, as Mercado Pago runs its own (MERCADOPAGO.md §3.2): between the 1st
/// and the 7th of each month, the latest approved production payment is measured, once per seller and month.
///
/// `golive serve` (or any long-running host) calls ``runIfDue(seller:gateway:)`` on a timer — hourly is plenty;
/// calling it more often, or from several processes, is harmless: the store keeps one monthly measurement
/// per seller and month.
public struct MonthlyQualityJob: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Outside the 1st–7th window (in ``MonthlyQualityJob/timeZone``).
        case notDue(nextWindow: String)
        /// This month's measurement exists already.
        case alreadyMeasured(month: String)
        /// The seller has no approved production payment in the last 12 months; tried again next call.
        case noProductionPayment(month: String)
        case measured(QualityMeasurement)
    }

    public let measurer: QualityMeasurer
    public let clock: any GoLiveClock
    public let timeZone: TimeZone
    /// The days of the month on which the job runs.
    public let days: ClosedRange<Int>

    public init(
        measurer: QualityMeasurer, clock: any GoLiveClock = SystemClock(), timeZone: TimeZone = .current,
        days: ClosedRange<Int> = 1...7
    ) {
        self.measurer = measurer
        self.clock = clock
        self.timeZone = timeZone
        self.days = days
    }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// `yyyy-MM` of `date` in the job's time zone.
    public func month(of date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month], from: date)
        let month = parts.month ?? 1
        return "\(parts.year ?? 1970)-\(month < 10 ? "0" : "")\(month)"
    }

    public func isDue(at date: Date) -> Bool {
        days.contains(calendar.component(.day, from: date))
    }

    /// One seller the job watches: its name in golive's configuration and its gateway.
    public struct Seller: Sendable {
        public let name: String
        public let gateway: any MercadoPagoGateway

        public init(name: String, gateway: any MercadoPagoGateway) {
            self.name = name
            self.gateway = gateway
        }
    }

    /// ``runIfDue(seller:gateway:)`` for every seller; a failure of one is its result, not the others'.
    public func tick(_ sellers: [Seller]) async -> [(seller: String, outcome: Result<Outcome, any Error>)] {
        var results: [(seller: String, outcome: Result<Outcome, any Error>)] = []
        for seller in sellers {
            do {
                results.append(
                    (seller.name, .success(try await runIfDue(seller: seller.name, gateway: seller.gateway))))
            } catch {
                results.append((seller.name, .failure(error)))
            }
        }
        return results
    }

    /// What a host (`golive serve`) runs: a ``tick(_:)`` now and then every `interval` on the job's clock,
    /// until the task is cancelled. Failures are handed to `report` and retried at the next tick.
    public func run(
        _ sellers: [Seller], every interval: Duration = .seconds(3600),
        report: @Sendable (String, Result<Outcome, any Error>) -> Void = { _, _ in }
    ) async {
        while !Task.isCancelled {
            for (seller, outcome) in await tick(sellers) { report(seller, outcome) }
            do {
                try await clock.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    /// Measures this month's payment when inside the window and not done yet.
    public func runIfDue(seller: String, gateway: any MercadoPagoGateway) async throws -> Outcome {
        let now = clock.now()
        let month = month(of: now)
        guard isDue(at: now) else {
            let next = calendar.date(byAdding: .month, value: 1, to: now).map(self.month(of:)) ?? month
            let upcoming = calendar.component(.day, from: now) < days.lowerBound ? month : next
            return .notDue(nextWindow: upcoming)
        }
        if try await measurer.store.monthlyQualityMeasurement(seller: seller, month: month) != nil {
            return .alreadyMeasured(month: month)
        }
        guard let payment = try await QualityMeasurer.latestApprovedProductionPayment(gateway: gateway, now: now)
        else {
            return .noProductionPayment(month: month)
        }
        // The search found it; the measurement reads it as Mercado Pago's does, by id.
        let measurement = try await measurer.evaluate(
            paymentID: payment.id, seller: seller, gateway: gateway, trigger: .monthly, month: month)
        // Another process may have measured this month in the meantime: the store keeps the first.
        guard try await measurer.record(measurement) else {
            return .alreadyMeasured(month: month)
        }
        return .measured(measurement)
    }
}
