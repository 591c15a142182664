public import Foundation
public import GoLiveCore

/// Issue 10: how the dashboard and the wall follow a store they share with other machines (PostgreSQL), in the
/// header when it is not the normal live state, and as a plain line when it changes.
extension UIText {
    /// Short (it shares the header with the readiness): nil for the normal ``StoreConnectionState/live``.
    public func storeConnection(_ state: StoreConnectionState, now: Date, zone: TimeZone) -> String? {
        switch state {
        case .live:
            return nil
        case .polling(let every, _):
            let seconds = max(1, Int(every.components.seconds))
            return t("polling every \(seconds)s", "consultando cada \(seconds) s", "consultando a cada \(seconds) s")
        case .reconnecting(let since):
            let time = self.since(since, now: now, zone: zone)
            return t("reconnecting since \(time)", "reconectando desde \(time)", "reconectando desde \(time)")
        case .unavailable(_, let staleSince?):
            let time = self.since(staleSince, now: now, zone: zone)
            return t("stale since \(time)", "desactualizado desde \(time)", "desatualizado desde \(time)")
        case .unavailable:
            return t("store unavailable", "base no disponible", "base indisponível")
        }
    }

    /// The plain output's line when the connection state changes (the reason in full).
    public func plainStoreConnection(_ state: StoreConnectionState, now: Date, zone: TimeZone) -> String {
        guard let short = storeConnection(state, now: now, zone: zone) else {
            return t("store connection live", "conexión con la base en vivo", "conexão com a base ao vivo")
        }
        let head = t("store connection: ", "conexión con la base: ", "conexão com a base: ")
        if case .unavailable(let reason, _) = state { return head + short + " (\(reason))" }
        return head + short
    }
}
