public import GoLiveCore

/// The `ssl.checkout_page` check (issue 4) for a seller's checkout URL: inspects it and judges it with
/// ``SSLRules``; the runner records the result with its time. No checkout URL, or one that is not https://,
/// is a `fail` that says what to set (``AwaitingEvidence`` words it).
public struct SSLCheckSource: CheckSource {
    public let options: TLSInspector.Options

    public init(options: TLSInspector.Options = .init()) {
        self.options = options
    }

    public var checkIDs: [CheckID] { [.sslCheckoutPage] }

    public func results(in context: CheckContext) async -> [CheckResult] {
        guard let url = context.seller.checkoutURL, TLSInspector.endpoint(of: url) != nil else {
            return [AwaitingEvidence.result(for: .sslCheckoutPage, seller: context.seller, at: context.now)]
        }
        let inspector: TLSInspector
        do {
            inspector = try TLSInspector(options: options)
        } catch {
            return [
                CheckResult(
                    id: .sslCheckoutPage, title: "Checkout page served over valid HTTPS", status: .unknown,
                    summary: error.message, actions: error.remedy.map { [$0] } ?? [], checkedAt: context.now)
            ]
        }
        let report = SSLRules.evaluate(await inspector.inspect(url), at: context.now)
        return [report.checkResult]
    }
}
