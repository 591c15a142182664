import Foundation
import GoLiveCore
import TerminalUI

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The demo's balances: a release report created through the Sandbox's reports API (as Mercado Pago's), downloaded
/// and summed by the reports requirement's parser — real numbers of the Sandbox's payments, re-read every minute.
final class DemoReleaseReport: BalanceSource, @unchecked Sendable {
    let apiBase: URL
    let accessToken: Secret
    private let lock = NSLock()
    private var cached: (summary: BalanceSummary, at: Date)?

    init(apiBase: URL, accessToken: Secret) {
        self.apiBase = apiBase
        self.accessToken = accessToken
    }

    func balanceSummary(seller: String) async throws -> BalanceSummary? {
        if let cached = lock.withLock({ cached }), Date().timeIntervalSince(cached.at) < 60 { return cached.summary }
        let summary = try await fetch()
        lock.withLock { cached = (summary, Date()) }
        return summary
    }

    func fetch() async throws -> BalanceSummary {
        let base = apiBase.appendingPathComponent("v1/account/release_report")
        _ = try await request(base.appendingPathComponent("config"), method: "POST", body: [:])  // exists: 400, fine
        let now = Date()
        let formatter = ISO8601DateFormatter()
        let created = try await request(
            base, method: "POST",
            body: [
                "begin_date": formatter.string(from: now.addingTimeInterval(-30 * 86_400)),
                "end_date": formatter.string(from: now.addingTimeInterval(-120)),
            ])
        guard let object = try JSONSerialization.jsonObject(with: created) as? [String: Any],
            let name = object["file_name"] as? String
        else {
            throw GoLiveError(.reportFetchFailed, "The Sandbox created no release report.")
        }
        let csv = try await request(base.appendingPathComponent(name), method: "GET", body: nil)
        let report = try ReportSummarizer.summarize(bytes: csv)
        guard case .release(let balance) = report.totals else {
            throw GoLiveError(.reportUnknownKind, "The Sandbox's release report was read as another kind.")
        }
        return BalanceSummary(
            currency: "ARS", available: Decimal(string: balance.finalAvailableBalance.description),
            held: Decimal(string: balance.held.description), toBeReleased: nil,
            lastReport: .init(kind: "release", name: name, fetchedAt: now), asOf: now)
    }

    private func request(_ url: URL, method: String, body: [String: Any]?) async throws -> Data {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(accessToken.exposedForTransport)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return data
    }
}
