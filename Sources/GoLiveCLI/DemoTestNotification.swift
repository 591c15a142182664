import Foundation
import GoLiveCore
import MercadoPagoClient
import TerminalUI

extension DemoActivity {
    /// The walkthrough's `w` in `golive demo walkthrough`: the Sandbox sends a signed `payment.updated`
    /// notification for the seller's newest payment to the demo's receiver (`POST /_sandbox/notifications`); the
    /// notifications step then shows it verified once the receiver has stored it.
    static func sendTestNotification(baseURL: URL, session: Session, seller: SellerSettings, text: UIText) async
        -> String
    {
        guard let gateway = session.gateway(for: seller),
            let found = try? await gateway.searchPayments(
                PaymentSearchQuery(limit: 1, sort: .dateCreated, criteria: .descending)),
            let payment = found.results.first
        else {
            return text.actionFailed("the Sandbox has no payment of \(seller.name) to notify yet")
        }
        let answer = await post(
            baseURL.appendingPathComponent("_sandbox/notifications"),
            ["seller": seller.name, "data_id": payment.id, "topic": "payment"])
        // A refusal by the Sandbox itself has Mercado Pago's error shape ({"message","error","status"}); a delivery
        // carries the receiver's answer in "status".
        if answer?["error"] != nil, let message = answer?["message"] as? String {
            return text.actionFailed("the Sandbox refused it: \(message)")
        }
        guard let status = answer?["status"] as? Int else {
            let reason = (answer?["message"] as? String) ?? "no answer from the Sandbox"
            return text.actionFailed(reason)
        }
        guard (200..<300).contains(status) else {
            return text.actionFailed("the receiver answered HTTP \(status) to the Sandbox's notification")
        }
        return text.testNotificationSent(payment.id, status: status)
    }
}
