public import Foundation

/// The checks whose evidence golive cannot gather by itself in a one-shot run yet: each says `unknown`
/// and what is missing, unless a setting it needs is absent (then `fail`, naming the setting).
/// The components that gather this evidence (the receiver, the SSL inspector, the quality measurement,
/// the reports) replace these entries as they arrive.
public enum AwaitingEvidence {
    public static let checks: [CheckID] = [
        .sslCheckoutPage, .notificationsReceiving, .notificationsSignature, .notificationsURL, .qualityScore,
        .approvalData, .reportsConfigured,
    ]

    public static func result(for id: CheckID, seller: SellerSettings, at now: Date) -> CheckResult {
        switch id {
        case .sslCheckoutPage:
            guard let url = seller.checkoutURL else {
                return CheckResult(
                    id: id, title: "Checkout page served over valid HTTPS", status: .fail,
                    summary: "No checkout URL is configured, so the payment page cannot be checked.",
                    actions: [
                        "Set GOLIVE_CHECKOUT_URL (or checkout_url in the config, or --checkout-url) to the page "
                            + "that shows the payment form."
                    ], checkedAt: now)
            }
            var result = CheckResult(
                id: id, title: "Checkout page served over valid HTTPS", status: .unknown,
                summary: "No TLS inspection of \(url.absoluteString) is stored yet.",
                details: ["checkout_url": .string(url.absoluteString)],
                actions: ["This version of golive does not inspect TLS; check the certificate with your usual tool."],
                checkedAt: now)
            if url.scheme?.lowercased() != "https" {
                result.status = .fail
                result.summary = "The checkout URL is not https:// — the payment form must be served over HTTPS."
                result.actions = [
                    "Serve the payment page over HTTPS with a valid certificate, redirect http:// to https://, "
                        + "and set the https:// URL in GOLIVE_CHECKOUT_URL."
                ]
            }
            return result
        case .notificationsReceiving:
            return CheckResult(
                id: id, title: "Notifications arriving", status: .unknown,
                summary: "No notification has been recorded for this seller yet.",
                actions: [
                    "Configure Webhooks in Your integrations > (your app) > Webhooks, pointing at the receiver; "
                        + "this version of golive has no receiver yet, so it cannot see them arrive."
                ], checkedAt: now)
        case .notificationsSignature:
            guard seller.webhookSecret != nil else {
                return CheckResult(
                    id: id, title: "Webhook signatures verified", status: .fail,
                    summary: "No webhook secret is configured, so signatures cannot be verified.",
                    actions: [
                        "Copy the secret from Your integrations > (your app) > Webhooks into a file (chmod 600) "
                            + "and set MP_WEBHOOK_SECRET_FILE, or webhook_secret_file in the config."
                    ], checkedAt: now)
            }
            return CheckResult(
                id: id, title: "Webhook signatures verified", status: .unknown,
                summary: "A webhook secret is configured; no signed notification has been verified yet.",
                actions: ["Send a test notification from Your integrations > (your app) > Webhooks > Simulate."],
                checkedAt: now)
        case .notificationsURL:  // issue 11
            return NotificationURLCheck.evaluate(
                url: seller.notificationURL, observation: nil, thresholds: .standard, now: now)
        case .qualityScore:
            return CheckResult(
                id: id, title: "Integration quality ≥ 73", status: .unknown,
                summary: "No quality measurement is stored for this seller.",
                actions: [
                    "Measure the quality from a production payment ID in Your integrations > (your app) > "
                        + "Quality of integration; the minimum score to go live is 73."
                ], checkedAt: now)
        case .approvalData:
            return CheckResult(
                id: id, title: "Payments carry approval data", status: .unknown,
                summary: "Recent payments have not been analysed for approval data yet.",
                actions: ["Send items, payer and shipment data with every payment (additional_info)."],
                checkedAt: now)
        case .reportsConfigured:
            return CheckResult(
                id: id, title: "Release and settlement reports configured", status: .unknown,
                summary: "No report configuration or fetched report is recorded for this seller.",
                actions: [
                    "Configure the release and settlement reports in Your business > Reports, "
                        + "and fetch one to reconcile."
                ], checkedAt: now)
        default:
            return CheckResult(
                id: id, title: id.rawValue, status: .unknown, summary: "No evidence for this check.", checkedAt: now)
        }
    }
}
