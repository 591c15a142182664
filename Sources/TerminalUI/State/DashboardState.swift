public import Foundation
public import GoLiveCore

/// The dashboard's modes (DESIGN.md "Modes of the TUI").
public enum DashboardMode: String, Sendable, Hashable {
    /// The operator's dashboard: every key.
    case interactive
    /// The wall display: read-only, no navigation; only help, theme and quit.
    case wall
    /// The go-live walkthrough: one requirement at a time, in go-live order, never gated.
    case walkthrough
}

/// An overlay drawn over the panes; Esc closes it.
public enum Overlay: Sendable, Hashable {
    case help
    /// The detail of the notification with this `seq`.
    case detail(Int64)
    /// The seller switcher, with the highlighted row.
    case sellers(Int)
    /// The all-sellers overview (issue 10), with the highlighted row of ``DashboardState/overviewRows``.
    case allSellers(Int)
}

/// What the reducer asks the outside world to do.
public enum Effect: Sendable, Hashable {
    case quit
    /// Run every check now for the current seller and record the results.
    case recheck
    case switchSeller(String)
    /// Forget what is on the terminal and paint everything again.
    case repaint
    case themeChanged(String)
    /// Store where the walkthrough stands (issue 9): on every step change and on quitting.
    case saveProgress(WalkthroughProgress)
    /// Walkthrough actions (issue 9), run by the runner with progress and result messages (``DashboardEvent/checking(_:_:)``).
    case measureQuality(paymentID: String)
    case testNotification
    case createReportConfiguration
    case signOff(what: String, by: String)
}

/// A one-line input field on a walkthrough step.
public enum WalkthroughInput: Sendable, Hashable {
    /// A production payment ID to measure quality from (digits only).
    case paymentID(String)
    /// The name of who signs the step off.
    case signOff(String)

    public var value: String {
        switch self {
        case .paymentID(let text), .signOff(let text): text
        }
    }

    public var isPaymentID: Bool {
        if case .paymentID = self { return true }
        return false
    }
}

/// Events the UI loop feeds the reducer.
public enum DashboardEvent: Sendable {
    case key(Key)
    case resize(TerminalSize)
    /// The clock moved (the header's clock and data age).
    case tick(Date)
    case snapshot(DashboardSnapshot)
    /// A re-check started (true) or finished (false), with a message to show.
    case checking(Bool, String?)
    /// The seller's sign-offs (the walkthrough shows them on their step and counts the step done).
    case signOffs([SignOff])
}

/// The whole UI state. A value: `handle(_:)` is the reducer, tests drive it with keys and assert the result.
public struct DashboardState: Sendable {
    public var snapshot: DashboardSnapshot
    public var size: TerminalSize
    public var now: Date
    public var mode: DashboardMode
    /// True for `--readonly` and in wall mode: actions that change anything are not bound.
    public var readOnly: Bool
    /// `wall --lock`: no key does anything (only a signal ends it).
    public var locked = false
    /// `wall --rotate SECONDS`: the wall shows one pane at a time, the next every this many seconds.
    public var rotate: Int?
    public var focus: PaneID = .credentials
    /// The walkthrough's step (an index into ``WalkthroughStep/all``).
    public var step = 0
    /// Steps opened and steps found done, by id, and when the walkthrough was first opened (the stored
    /// progress; see ``resume(_:)``).
    public var visitedSteps: [String] = []
    public var completedSteps: [String] = []
    public var walkthroughStarted: Date?
    /// The walkthrough's open input field, if any (typing goes there; Esc leaves it).
    public var input: WalkthroughInput?
    /// The walkthrough asks y/n before creating the report configuration.
    public var confirmingReports = false
    /// The latest sign-off of each step, by step id.
    public var signOffs: [String: SignOff] = [:]
    /// The walkthrough's `w`: since when a notification is awaited, and the newest one shown then (a newer one is
    /// the answer, shown verified). Outside the demo nothing is sent: the step says how to send one.
    public var notificationWait: NotificationWait?
    /// The demo sends a test notification itself on `w`; a real install waits for Mercado Pago's.
    public var sendsTestNotifications = false
    public var zoomed = false
    public var overlay: Overlay?
    public var filter = ""
    public var editingFilter = false
    /// The highlighted row of the (filtered) feed.
    public var feedSelection = 0
    /// Scroll offsets of the other panes, by pane.
    public var scroll: [PaneID: Int] = [:]
    public var themes: [String]
    public var themeIndex: Int
    public var checking = false
    /// A one-line message in the key bar (e.g. the outcome of a re-check).
    public var message: String?
    /// Whether the terminal can draw Unicode (a UTF-8 locale); otherwise ASCII glyphs and borders.
    public var unicode: Bool
    /// The zone of the header clock and feed times (injected so snapshots do not depend on the machine).
    public var timeZone: TimeZone
    /// The language of every word on screen (chosen by the command, injected; views never read the environment).
    public var language: Language
    public private(set) var quitRequested = false

    public init(
        snapshot: DashboardSnapshot, size: TerminalSize, now: Date, mode: DashboardMode = .interactive,
        readOnly: Bool = false, themes: [String] = ["dark"], theme: String? = nil, unicode: Bool = true,
        timeZone: TimeZone = .current, language: Language = .english
    ) {
        self.timeZone = timeZone
        self.language = language
        self.snapshot = snapshot
        self.size = size
        self.now = now
        self.mode = mode
        self.readOnly = readOnly || mode == .wall
        self.themes = themes.isEmpty ? ["monochrome"] : themes
        themeIndex = theme.flatMap { themes.firstIndex(of: $0) } ?? 0
        self.unicode = unicode
    }

    public var themeName: String { themes[themeIndex] }

    public var symbols: Symbols { unicode ? .unicode : .ascii }

    /// The all-sellers overview's rows, worst first (issue 10).
    public var overviewRows: [SellerOverview] { snapshot.overview.sorted(by: SellerOverview.worstFirst) }

    /// The seller highlighted in the open overview, if it is open.
    var selectedOverviewSeller: String? {
        guard case .allSellers(let row) = overlay else { return nil }
        let rows = overviewRows
        return rows.indices.contains(row) ? rows[row].name : nil
    }

    /// The feed after the `/` filter (every word must match), newest first.
    public var visibleFeed: [FeedEntry] {
        guard let entries = snapshot.feed.value else { return [] }
        let words = filter.lowercased().split(separator: " ")
        guard !words.isEmpty else { return entries }
        return entries.filter { entry in words.allSatisfy { entry.searchableText.contains($0) } }
    }

    /// Feeds one event; returns what the outside world must do.
    @discardableResult
    public mutating func handle(_ event: DashboardEvent) -> [Effect] {
        switch event {
        case .key(let key):
            return handleKey(key)
        case .resize(let newSize):
            size = newSize
            return [.repaint]
        case .tick(let date):
            now = date
        case .snapshot(let newSnapshot):
            // At the top the selection follows the newest; elsewhere it stays on the same notification.
            let selectedSeq =
                feedSelection > 0 && visibleFeed.indices.contains(feedSelection) ? visibleFeed[feedSelection].seq : nil
            let overviewSelection = selectedOverviewSeller
            snapshot = newSnapshot
            if let overviewSelection {
                // The rows re-sort as results arrive: the highlight stays on the same seller.
                overlay = .allSellers(overviewRows.firstIndex { $0.name == overviewSelection } ?? 0)
            }
            if let selectedSeq, let index = visibleFeed.firstIndex(where: { $0.seq == selectedSeq }) {
                feedSelection = index
            }
            clampSelection()
            if case .sellers(let row) = overlay, row >= snapshot.sellers.count { overlay = .sellers(0) }
        case .checking(let running, let text):
            checking = running
            message = text
        case .signOffs(let list):
            signOffs = Dictionary(list.map { ($0.what, $0) }, uniquingKeysWith: { $0.at > $1.at ? $0 : $1 })
        }
        return []
    }

    private mutating func handleKey(_ key: Key) -> [Effect] {
        if editingFilter, case .character(let character) = key {
            filter.append(character)
            feedSelection = 0
            return []
        }
        if let field = input, case .character(let character) = key {
            switch field {
            case .paymentID(let text):
                if character.isASCII, character.isNumber, text.count < 20 {
                    input = .paymentID(text + String(character))
                }
            case .signOff(let text):
                if text.count < 60 { input = .signOff(text + String(character)) }
            }
            return []
        }
        guard let action = Keymap.action(for: key, in: self) else { return [] }
        return perform(action)
    }

    /// Performs a bound action. Unbound actions never get here (see ``Keymap``).
    mutating func perform(_ action: Action) -> [Effect] {
        message = nil
        switch action {
        case .quit:
            quitRequested = true
            return mode == .walkthrough ? [.saveProgress(noteProgress()), .quit] : [.quit]
        case .help:
            overlay = .help
        case .closeOverlay:
            overlay = nil
        case .focusNext, .focusPrevious:
            let panes = PaneID.allCases
            let index = panes.firstIndex(of: focus) ?? 0
            let step = action == .focusNext ? 1 : panes.count - 1
            focus = panes[(index + step) % panes.count]
        case .moveUp: move(by: -1)
        case .moveDown: move(by: 1)
        case .pageUp: move(by: -10)
        case .pageDown: move(by: 10)
        case .top: move(by: -1_000_000)
        case .bottom: move(by: 1_000_000)
        case .zoom:
            zoomed.toggle()
        case .openDetail:
            let feed = visibleFeed
            if feed.indices.contains(feedSelection) { overlay = .detail(feed[feedSelection].seq) }
        case .startFilter:
            focus = .notifications
            editingFilter = true
        case .clearFilter:
            filter = ""
            feedSelection = 0
        case .filterAccept:
            editingFilter = false
        case .filterCancel:
            editingFilter = false
        case .filterDelete:
            if !filter.isEmpty { filter.removeLast() }
        case .recheck:
            guard !readOnly, !checking else { return [] }
            return [.recheck]
        case .nextTheme:
            themeIndex = (themeIndex + 1) % themes.count
            message = text.themeMessage(themeName)
            return [.themeChanged(themeName)]
        case .switchSeller:
            overlay = .sellers(snapshot.sellers.firstIndex(of: snapshot.seller) ?? 0)
        case .sellerUp, .sellerDown:
            if case .sellers(let row) = overlay {
                let count = snapshot.sellers.count
                overlay = .sellers((row + (action == .sellerUp ? count - 1 : 1)) % max(1, count))
            } else if case .allSellers(let row) = overlay {
                let count = overviewRows.count
                overlay = .allSellers((row + (action == .sellerUp ? count - 1 : 1)) % max(1, count))
            }
        case .sellerChoose:
            var chosen: String?
            if case .sellers(let row) = overlay, snapshot.sellers.indices.contains(row) {
                chosen = snapshot.sellers[row]
            } else if case .allSellers(let row) = overlay {
                let rows = overviewRows
                chosen = rows.indices.contains(row) ? rows[row].name : nil
            }
            if let name = chosen {
                overlay = nil
                if name != snapshot.seller {
                    message = text.switchingTo(name)
                    return [.switchSeller(name)]
                }
            }
        case .allSellers:
            if case .allSellers = overlay {
                overlay = nil
            } else {
                overlay = .allSellers(overviewRows.firstIndex { $0.name == snapshot.seller } ?? 0)
            }
        case .repaint:
            return [.repaint]
        case .nextStep:
            _ = noteProgress()
            step = min(step + 1, WalkthroughStep.all.count - 1)
            scroll[.credentials] = 0
            return [.saveProgress(noteProgress())]
        case .previousStep:
            _ = noteProgress()
            step = max(step - 1, 0)
            scroll[.credentials] = 0
            return [.saveProgress(noteProgress())]
        case .measureQuality:
            input = .paymentID("")
        case .signOff:
            input = .signOff("")
        case .inputDelete:
            switch input {
            case .paymentID(let text): input = .paymentID(String(text.dropLast()))
            case .signOff(let text): input = .signOff(String(text.dropLast()))
            case nil: break
            }
        case .inputCancel:
            input = nil
        case .inputAccept:
            guard let field = input else { return [] }
            let value = field.value.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else {
                message = text.inputEmpty
                return []
            }
            input = nil
            switch field {
            case .paymentID:
                message = text.measuringPayment(value)
                return [.measureQuality(paymentID: value)]
            case .signOff:
                let current = WalkthroughStep.all[min(step, WalkthroughStep.all.count - 1)]
                return [.signOff(what: current.id, by: value)]
            }
        case .testNotification:
            message = sendsTestNotifications ? text.testNotificationStarted : text.waitingForRealNotification
            notificationWait = NotificationWait(since: now, afterSeq: snapshot.feed.value?.first?.seq ?? 0)
            return [.testNotification]
        case .createReports:
            confirmingReports = true
        case .confirmYes:
            confirmingReports = false
            message = text.creatingReportConfiguration
            return [.createReportConfiguration]
        case .confirmNo:
            confirmingReports = false
        }
        return []
    }

    /// Resumes stored walkthrough progress: the step it was left on, what was visited and done.
    public mutating func resume(_ progress: WalkthroughProgress) {
        step = WalkthroughStep.index(of: progress.currentStep)
        visitedSteps = progress.visited
        completedSteps = progress.completed
        walkthroughStarted = progress.startedAt
    }

    /// Whether a walkthrough step is done now: every check it rests on was run and lets the integration go live.
    /// A sign-off vouches for what golive cannot see (an `unknown`), never for a check that fails or warns
    /// against going live — as with the quality criteria, what golive observed wins.
    public func isStepDone(_ step: WalkthroughStep) -> Bool {
        let results = step.checks.compactMap { snapshot.check($0) }
        if signOffs[step.id] != nil { return results.allSatisfy { $0.status.isReady || $0.status == .unknown } }
        return results.count == step.checks.count && results.allSatisfy { $0.status.isReady }
    }

    /// Overall readiness as the header shows it: the snapshot's, except that an `unknown` check whose
    /// walkthrough step was signed off counts as ready. nil until there are results.
    public var readiness: (ready: Bool, open: Int, total: Int)? {
        guard snapshot.ready != nil else { return nil }
        let open = snapshot.checks.filter { check in
            if check.status.isReady { return false }
            guard check.status == .unknown,
                let step = WalkthroughStep.all.first(where: { $0.checks.contains(check.id) })
            else { return true }
            return signOffs[step.id] == nil
        }.count
        return (open == 0, open, snapshot.checks.count)
    }

    /// Marks the current step visited (and done when its checks pass) and returns the progress to store.
    mutating func noteProgress() -> WalkthroughProgress {
        let current = WalkthroughStep.all[min(step, WalkthroughStep.all.count - 1)]
        if !visitedSteps.contains(current.id) { visitedSteps.append(current.id) }
        if isStepDone(current) {
            if !completedSteps.contains(current.id) { completedSteps.append(current.id) }
        } else {
            completedSteps.removeAll { $0 == current.id }
        }
        let started = walkthroughStarted ?? now
        walkthroughStarted = started
        return WalkthroughProgress(
            seller: snapshot.seller, currentStep: current.id, visited: visitedSteps, completed: completedSteps,
            startedAt: started, updatedAt: now)
    }

    private mutating func move(by delta: Int) {
        if case .detail = overlay {
            feedSelection += delta
            clampSelection()
            let feed = visibleFeed
            if feed.indices.contains(feedSelection) { overlay = .detail(feed[feedSelection].seq) }
            return
        }
        if focus == .notifications {
            feedSelection += delta
            clampSelection()
        } else {
            scroll[focus] = max(0, min((scroll[focus] ?? 0) + delta, 1_000))
        }
    }

    private mutating func clampSelection() {
        feedSelection = max(0, min(feedSelection, visibleFeed.count - 1))
    }
}

/// What the walkthrough's notifications step waits for after `w`.
public struct NotificationWait: Sendable, Hashable {
    public var since: Date
    /// The newest notification's `seq` when the wait began.
    public var afterSeq: Int64
    public init(since: Date, afterSeq: Int64) {
        self.since = since
        self.afterSeq = afterSeq
    }
}
