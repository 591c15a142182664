import Foundation
import GoLiveCore
import TerminalUI
import Testing

/// The all-sellers overview (issue 10): `a` on the dashboard. Snapshots at several sizes and in every language,
/// the order (worst first), the keys, and that choosing a row switches the dashboard to that seller.
@Suite struct AllSellersViewTests {
    static let sizes = [(120, 40), (80, 24), (60, 20), (40, 12)]
    static let languages: [Language] = [.english, .spanish, .portuguese]

    static func results(_ statuses: [CheckID: CheckStatus], minutesAgo: Double = 3, summary: String? = nil)
        -> [CheckResult]
    {
        CheckID.all.map { id in
            let status = statuses[id] ?? .pass
            return Fixtures.check(
                id, status, status == .pass ? "Fine." : summary ?? "\(id.rawValue) is \(status.rawValue).",
                minutesAgo: minutesAgo)
        }
    }

    /// A token Mercado Pago rejects, stored as the credentials check records it.
    static var rejected: [CheckResult] {
        var checks = results(
            [
                .credentialsProduction: .fail, .credentialsPair: .unknown, .approvalData: .unknown,
                .reportsConfigured: .unknown, .qualityScore: .unknown,
            ], minutesAgo: 12)
        checks[0] = CheckResult(
            id: .credentialsAccessToken, title: "token", status: .fail,
            summary: "Mercado Pago rejects the access token (HTTP 401, invalid access token).",
            details: [
                "access_token": .object(["masked": "APP_USR-…9999"]),
                "error": .object(["kind": "unauthorized", "http_status": 401]),
            ], checkedAt: Fixtures.now.addingTimeInterval(-12 * 60))
        return checks
    }

    /// Six sellers, in configuration order (not the display order).
    static var overview: [SellerOverview] {
        [
            SellerOverview(name: "shop", environment: "production", checks: Fixtures.checks),
            SellerOverview(name: "marketplace", environment: "production", checks: results([:], minutesAgo: 1)),
            SellerOverview(name: "revoked", checks: rejected),
            SellerOverview(name: "new-branch"),
            SellerOverview(
                name: "tienda-de-prueba-con-nombre-largo", environment: "test",
                checks: results(
                    [.credentialsProduction: .fail, .sslCheckoutPage: .fail, .qualityScore: .unknown],
                    minutesAgo: 60 * 26,
                    summary: "The access token is a TEST- credential: test credentials cannot take real payments.")),
            SellerOverview(
                name: "outlet", environment: "production",
                checks: results([.approvalData: .warn], minutesAgo: 5, summary: "3 of 20 payments lack shipments.")),
        ]
    }

    static func state(width: Int, height: Int, language: Language = .english, unicode: Bool = true)
        -> DashboardState
    {
        var snapshot = Fixtures.full
        snapshot.sellers = overview.map(\.name)
        snapshot.overview = overview
        var state = Fixtures.state(snapshot, width: width, height: height, unicode: unicode, language: language)
        state.handle(.key(.character("a")))
        return state
    }

    @Test(arguments: languages, sizes)
    func snapshots(language: Language, size: (Int, Int)) {
        let (width, height) = size
        let text = DashboardView.render(Self.state(width: width, height: height, language: language)).text
        let prefix = language == .english ? "" : "\(language.rawValue)-"
        Snapshot.expect(text, named: "\(prefix)all-sellers-\(width)x\(height)")
        // Every seller is on screen (truncated names still start the same), whatever the size.
        for row in Self.overview where height >= 12 {
            #expect(text.contains(String(row.name.prefix(6))), "\(row.name) at \(width)x\(height) in \(language)")
        }
    }

    @Test func tooSmallAsciiAndRoles() {
        Snapshot.expect(DashboardView.render(Self.state(width: 30, height: 10)).text, named: "all-sellers-30x10")
        let ascii = DashboardView.render(Self.state(width: 80, height: 24, unicode: false)).text
        Snapshot.expect(ascii, named: "all-sellers-80x24-ascii")
        #expect(!ascii.contains { "─│┌┐└┘✓✗▲▶".contains($0) })
        let grid = DashboardView.render(Self.state(width: 120, height: 40))
        Snapshot.expect(grid.text + "\n\n" + grid.roleMap, named: "all-sellers-120x40-roles")
    }

    @Test func aSellerNobodyChecksAnyMoreIsMarked() {
        let rows = Self.overview
        #expect(rows[4].isStale(at: Fixtures.now))  // checked 26 h ago: credentials are due every 10 min
        #expect(!rows[0].isStale(at: Fixtures.now))
        #expect(!rows[3].isStale(at: Fixtures.now))  // never checked: NO DATA says it already
    }

    @Test func worstFirst() {
        let state = Self.state(width: 120, height: 40)
        #expect(
            state.overviewRows.map(\.name) == [
                "revoked", "tienda-de-prueba-con-nombre-largo", "shop", "new-branch", "outlet", "marketplace",
            ])
        #expect(state.overviewRows.map(\.verdict) == [.error, .notReady, .notReady, .noData, .ready, .ready])
        #expect(Self.overview[2].error?.code == "seller.token_rejected")
    }

    @Test func aOpensOnTheCurrentSellerAndEnterSwitches() {
        var state = Self.state(width: 80, height: 24)
        #expect(state.overlay == .allSellers(2))  // "shop", third worst
        state.handle(.key(.up))
        state.handle(.key(.up))
        #expect(state.overlay == .allSellers(0))
        let effects = state.handle(.key(.enter))
        #expect(effects == [.switchSeller("revoked")])
        #expect(state.overlay == nil)
        #expect(state.message == "switching to revoked…")
        // Choosing the seller already shown only closes the screen.
        state.handle(.key(.character("a")))
        #expect(state.handle(.key(.enter)) == [])
        #expect(state.overlay == nil)
    }

    @Test func escAndAClose_upWraps_helpNamesTheKey() {
        var state = Self.state(width: 80, height: 24)
        state.handle(.key(.escape))
        #expect(state.overlay == nil)
        state.handle(.key(.character("a")))
        state.handle(.key(.character("a")))
        #expect(state.overlay == nil)
        state.handle(.key(.character("a")))
        for _ in 0..<3 { state.handle(.key(.up)) }
        #expect(state.overlay == .allSellers(Self.overview.count - 1))
        // `?` lists `a` (the dashboard's main keys), also read-only: looking changes nothing.
        var main = Fixtures.state()
        main.handle(.key(.character("?")))
        #expect(DashboardView.render(main).text.contains("all sellers"))
        let readOnly = Fixtures.state(readOnly: true)
        #expect(Keymap.action(for: .character("a"), in: readOnly) == .allSellers)
        #expect(!Action.allSellers.mutates)
    }

    @Test func theHighlightFollowsItsSellerWhenTheRowsReSort() {
        var state = Self.state(width: 80, height: 24)
        #expect(state.overviewRows[2].name == "shop")
        // "marketplace" starts failing: it moves up; the highlight stays on "shop".
        var snapshot = state.snapshot
        snapshot.overview[1] = SellerOverview(
            name: "marketplace", environment: "production",
            checks: Self.results([.sslCheckoutPage: .fail, .reportsConfigured: .fail, .approvalData: .fail]))
        state.handle(.snapshot(snapshot))
        guard case .allSellers(let row) = state.overlay else {
            Issue.record("the overview closed")
            return
        }
        #expect(state.overviewRows[row].name == "shop")
        #expect(state.handle(.key(.enter)) == [])  // still "shop": nothing to switch
    }

    /// The wall (issue 10: "works for a wall display too"): `a` shows the same rows from the same store, read-only —
    /// nothing to choose, the free text scrubbed as everything on the wall.
    @Test(arguments: [(120, 40), (80, 24)], Self.languages)
    func onTheWall(size: (Int, Int), language: Language) {
        let (width, height) = size
        var snapshot = Fixtures.full
        snapshot.sellers = Self.overview.map(\.name)
        snapshot.overview = Self.overview
        // The worst finding of "shop" (its failing quality check) carries payer data: the wall must mask it.
        let quality = snapshot.overview[0].checks.firstIndex { $0.id == .qualityScore }!
        snapshot.overview[0].checks[quality].summary = "juan.perez@example.com 30.123.456 paid without items."
        var state = Fixtures.state(snapshot, width: width, height: height, mode: .wall, language: language)
        #expect(state.handle(.key(.character("a"))) == [])
        #expect(state.overlay != nil)
        let text = DashboardView.render(state).text
        let prefix = language == .english ? "" : "\(language.rawValue)-"
        Snapshot.expect(text, named: "\(prefix)wall-all-sellers-\(width)x\(height)")
        #expect(!text.contains("juan.perez") && !text.contains("30.123.456"))
        if width >= 120 { #expect(text.contains("@example.com")) }  // the masked address is there
        #expect(Keymap.action(for: .enter, in: state) == nil)  // no seller is chosen on the wall
        #expect(state.handle(.key(.enter)) == [])
        state.handle(.key(.character("a")))
        #expect(state.overlay == nil)
    }

    @Test func beforeTheFirstReadItSaysSo() {
        var state = Fixtures.state(Fixtures.empty, width: 80, height: 24)
        state.handle(.key(.character("a")))
        let text = DashboardView.render(state).text
        #expect(text.contains("No check results in the store yet for any seller."))
    }
}
