import Foundation
import GoLiveCore
import MercadoPagoSandbox
import StoreSQLite
import Synchronization
import TerminalUI
import Testing

@testable import GoLiveCLI

/// The walkthrough's effect handlers against the in-process Sandbox (real HTTP on loopback) and the demo's
/// real store file: each posts a start and an outcome message and asks for a re-check.
@Suite struct WalkthroughActionsTests {
    @Test func measureCreateReportsSignOffAndWaitForARealNotification() async throws {
        let seller = try DemoDashboardCommand.seller(named: "production")
        let world = try await DemoWorld.start(sellers: [seller])
        do {
            try await exercise(world)
        } catch {
            await world.session.close()
            await world.stop()
            throw error
        }
        await world.session.close()
        await world.stop()
    }

    func exercise(_ world: DemoWorld) async throws {
        let events = Mutex<[String?]>([])
        let rechecks = Mutex(0)
        let actions = WalkthroughActions(
            session: world.session, text: UIText(.english), testNotification: nil,
            post: { event in
                if case .checking(false, let message) = event { events.withLock { $0.append(message) } }
            },
            recheck: { rechecks.withLock { $0 += 1 } })
        let production = world.sellers[0]

        let gateway = try #require(world.session.gateway(for: production))
        let approved = try await gateway.searchPayments(
            PaymentSearchQuery(limit: 1, sort: .dateCreated, criteria: .descending, status: "approved"))
        let paymentID = try #require(approved.results.first?.id)
        await actions.run(.measureQuality(paymentID: paymentID), seller: production)
        let measured = try #require(events.withLock { $0.last } ?? nil)
        #expect(measured.hasPrefix("Payment \(paymentID): score "), "\(measured)")
        #expect(try await world.session.store.qualityMeasurements(seller: "production", limit: 5).count == 1)

        await actions.run(.measureQuality(paymentID: "999999999999"), seller: production)
        #expect((events.withLock { $0.last } ?? nil)?.hasPrefix("Failed: ") == true, "an unknown payment is a message")

        await actions.run(.createReportConfiguration, seller: production)
        let created = try #require(events.withLock { $0.last } ?? nil)
        #expect(created.hasPrefix("Created: ") || created.contains("already exist"), "\(created)")
        await actions.run(.createReportConfiguration, seller: production)
        #expect((events.withLock { $0.last } ?? nil) == "Both report configurations already exist.")

        await actions.run(.signOff(what: "credentials", by: "Ana Souza"), seller: production)
        #expect((events.withLock { $0.last } ?? nil) == "Production credentials signed off by Ana Souza.")
        let signOffs = try await world.session.store.signOffs(seller: "production")
        #expect(signOffs.map(\.what) == ["credentials"] && signOffs.first?.by == "Ana Souza")

        await actions.run(.testNotification, seller: production)
        #expect((events.withLock { $0.last } ?? nil)?.hasPrefix("Waiting for a real notification") == true)
        #expect(rechecks.withLock { $0 } == 6, "every action asks for a re-check")
    }
}
