import Dispatch
import Foundation
public import TerminalUI

/// The dashboard's event loop on one dedicated thread that owns ncurses (TERMINAL.md §4.5): it polls stdin and
/// a wake pipe; everything else (data loaders, signal handlers) posts immutable events to its mailbox.
public final class TerminalLoop: Sendable {
    private let mailbox = Mailbox()

    public init() {}

    /// Queues an event for the UI thread (from any thread or task).
    public func post(_ event: DashboardEvent) { mailbox.post(event) }

    /// Runs the dashboard until `q`/Ctrl-C (or SIGTERM/SIGHUP), on a thread of its own; the caller's task waits
    /// without blocking Swift's concurrency pool. `onEffect` receives what the UI asks for (re-check, seller).
    /// Returns what to tell the user once the terminal is theirs again (e.g. that an unknown TERM fell back).
    @discardableResult
    public func run(
        state initial: DashboardState, themes: [String: Theme], environment: [String: String],
        onEffect: @escaping @Sendable (Effect) -> Void
    ) async -> String? {
        // Never fails: a terminal that cannot be opened falls back to the plain line output inside the loop.
        await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let thread = Thread { [mailbox] in
                var notice: String?
                Self.loop(
                    state: initial, themes: themes, environment: environment, mailbox: mailbox,
                    onEffect: onEffect, onOpen: { notice = $0.fallbackNotice })
                continuation.resume(returning: notice)
            }
            thread.name = "golive-terminal"
            thread.start()
        }
    }

    /// How often the whole screen is painted again even when nothing asked for it, to heal whatever another
    /// program (a `wall` message, a multiplexer's glitch) left on it. About 1.5 KB at 80x24: 2.5 B/s on average.
    static let fullRepaintInterval: TimeInterval = 600

    private static func loop(
        state initial: DashboardState, themes: [String: Theme], environment: [String: String], mailbox: Mailbox,
        onEffect: @escaping @Sendable (Effect) -> Void, onOpen: (NCursesScreen) -> Void
    ) {
        let screen: NCursesScreen
        switch NCursesScreen.choose(environment: environment) {
        case .plain(let reason):
            PlainLoop.run(state: initial, reason: reason, environment: environment, mailbox: mailbox)
            return
        case .screen:
            do {
                screen = try NCursesScreen.open(environment: environment)
            } catch {
                PlainLoop.run(
                    state: initial, reason: .other(error.description), environment: environment, mailbox: mailbox)
                return
            }
        }
        defer { screen.close() }
        onOpen(screen)
        let signals = SignalWatch(mailbox: mailbox, screen: true)
        defer { signals.cancel() }
        var lastFullRepaint = Date()

        var state = initial
        state.unicode = screen.unicode
        state.size = screen.size
        screen.apply(themes[state.themeName] ?? .monochrome)
        screen.present(DashboardView.render(state))
        var lastSecond = Int(Date().timeIntervalSince1970)

        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: mailbox.readEnd, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let now = Date()
            let untilNextSecond = Int32(
                max(10, min(1000, Int((1 - now.timeIntervalSince1970.truncatingRemainder(dividingBy: 1)) * 1000) + 5)))
            fds[0].revents = 0
            fds[1].revents = 0
            _ = poll(&fds, 2, untilNextSecond)
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return }

            var effects: [Effect] = []
            for event in mailbox.drain() {
                if case .resize(let size) = event { screen.resize(to: size) }
                if case .key(.controlC) = event { return }  // SIGTERM/SIGHUP: leave like Ctrl-C
                effects += state.handle(event)
            }
            for key in screen.readKeys() { effects += state.handle(.key(key)) }
            // Ctrl-Z (a key in raw mode) or SIGTSTP: leave the screen as on quit, stop, and repaint on `fg`.
            // Not on a locked wall, where only a signal that ends it counts.
            if screen.takeSuspendKey() || mailbox.takeSuspend(), !state.locked {
                screen.suspend()
                if let size = NCursesScreen.currentSize() {
                    screen.resize(to: size)
                    state.handle(.resize(size))
                }
            }
            let second = Int(Date().timeIntervalSince1970)
            if second != lastSecond {
                lastSecond = second
                state.handle(.tick(Date()))
            }
            if Date().timeIntervalSince(lastFullRepaint) > fullRepaintInterval {
                lastFullRepaint = Date()
                screen.invalidate()
            }
            for effect in effects {
                switch effect {
                case .quit: return
                case .repaint: screen.invalidate()
                case .themeChanged(let name): screen.apply(themes[name] ?? .monochrome)
                default: onEffect(effect)
                }
            }
            screen.present(DashboardView.render(state))
        }
    }
}

/// A locked queue plus a self-pipe that wakes the UI thread's `poll`.
final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [DashboardEvent] = []
    let readEnd: Int32
    private let writeEnd: Int32

    init() {
        var ends: [Int32] = [0, 0]
        pipe(&ends)
        readEnd = ends[0]
        writeEnd = ends[1]
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    func post(_ event: DashboardEvent) {
        lock.withLock { events.append(event) }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    private var suspend = false

    /// Asks the UI thread to hand the terminal back and stop (SIGTSTP sent from outside).
    func requestSuspend() {
        lock.withLock { suspend = true }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    func takeSuspend() -> Bool {
        lock.withLock {
            defer { suspend = false }
            return suspend
        }
    }

    func drain() -> [DashboardEvent] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
        return lock.withLock {
            defer { events.removeAll() }
            return events
        }
    }
}

/// SIGWINCH becomes a resize event; SIGTERM, SIGHUP (the SSH link dropped), SIGINT and SIGQUIT (sent from
/// outside: the screen's raw mode turns Ctrl-C and Ctrl-\ into keys) a quit through the normal path that
/// restores the terminal. Through Dispatch, never ncurses' own handler, which in a multi-threaded process
/// notices a resize only at the next key.
final class SignalWatch: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    /// `screen`: also SIGTSTP (suspend: give the terminal back first) and SIGCONT (after a stop the terminal may
    /// hold anything: repaint).
    init(mailbox: Mailbox, screen: Bool = false) {
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGQUIT] + (screen ? [SIGTSTP, SIGCONT] : []) {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { @Sendable in
                if signalNumber == SIGWINCH || signalNumber == SIGCONT {
                    if let size = NCursesScreen.currentSize() { mailbox.post(.resize(size)) }
                } else if signalNumber == SIGTSTP {
                    mailbox.requestSuspend()
                } else {
                    mailbox.post(.key(.controlC))
                }
            }
            let registered = DispatchSemaphore(value: 0)
            source.setRegistrationHandler { registered.signal() }
            source.resume()
            // Dispatch registers the source asynchronously; until then the signal is ignored (SIG_IGN above).
            // Wait for it (on the UI thread, never the concurrency pool), so a signal sent right after the first
            // frame is not lost.
            _ = registered.wait(timeout: .now() + 1)
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
