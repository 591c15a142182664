public import Foundation
public import GoLiveCore

/// One row of the all-sellers overview (issue 10): a configured seller's latest stored check results, as any
/// process recorded them (`golive serve`, `golive check --all-sellers`, a dashboard). Read from the store only,
/// so a wall or a dashboard on another machine shows the same.
public struct SellerOverview: Sendable, Hashable {
    public var name: String
    /// `production`, `test` or nil, from the stored seller record.
    public var environment: String?
    /// The newest result of each check, in go-live order; empty when the seller was never checked.
    public var checks: [CheckResult]

    public init(name: String, environment: String? = nil, checks: [CheckResult] = []) {
        self.name = name
        self.environment = environment
        let order = Dictionary(uniqueKeysWithValues: CheckID.all.enumerated().map { ($1, $0) })
        self.checks = checks.sorted { (order[$0.id] ?? .max) < (order[$1.id] ?? .max) }
        error = SellerCheckError.judge(
            ReadinessReport(seller: name, sellerID: nil, checks: checks, checkedAt: .distantPast))
    }

    public enum Verdict: Sendable, Hashable {
        /// The checks could not really run (no token, token rejected, API unreachable): ``SellerCheckError``.
        case error
        case notReady
        case noData
        case ready
    }

    public var verdict: Verdict {
        if checks.isEmpty { return .noData }
        if error != nil { return .error }
        return checks.allSatisfy(\.status.isReady) ? .ready : .notReady
    }

    /// Why the checks could not run, judged (from the results' details, when the row is made) as
    /// `golive check --all-sellers` does; kept when the wall strips the details.
    public var error: SellerCheckError?

    /// The requirement's worst status, nil when it has no result.
    public func status(of requirement: Requirement) -> CheckStatus? { requirement.status(of: checks) }

    /// When the newest of its results was recorded.
    public var lastChecked: Date? { checks.map(\.checkedAt).max() }

    /// The first of the worst results in go-live order (what the row's note says), nil when all pass.
    public var worst: CheckResult? {
        guard let top = checks.map(\.status.severity).max(), top > 0 else { return nil }
        return checks.first { $0.status.severity == top }
    }

    /// Whether some result is older than twice its schedule (as the panes' `NO DATA SINCE` judges): nobody is
    /// checking this seller any more (`golive serve` stopped, or does not have it configured).
    public func isStale(at now: Date, schedule: CheckSchedule = .standard) -> Bool {
        checks.contains { now.timeIntervalSince($0.checkedAt) > 2 * schedule.interval(for: $0.id) }
    }

    /// How many checks keep the seller from going live.
    public var open: Int { checks.filter { !$0.status.isReady }.count }

    /// Worst first: errors, then failing sellers (more failures first), never-checked ones, sellers held back by
    /// unknowns only, ready with warnings, ready; ties by more open checks, then by name.
    public static func worstFirst(_ lhs: SellerOverview, _ rhs: SellerOverview) -> Bool {
        let left = lhs.rank
        let right = rhs.rank
        if left != right { return left.lexicographicallyPrecedes(right) }
        return lhs.name < rhs.name
    }

    var rank: [Int] {
        let fails = checks.filter { $0.status == .fail }.count
        let warns = checks.filter { $0.status == .warn }.count
        let group: Int =
            switch verdict {
            case .error: 0
            case .notReady: fails > 0 ? 1 : 3
            case .noData: 2
            case .ready: warns > 0 ? 4 : 5
            }
        return [group, -fails, -open, -warns]
    }
}
