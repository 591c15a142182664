import Foundation
import TerminalUI

/// The dashboard for `TERM=dumb`, a terminal that cannot move the cursor, or no terminal at all: plain lines
/// (``PlainFeed``), one per change, no escape code, no alternate screen. Fed by the same mailbox as the screen
/// (the same snapshot loading, the same checks); ends on SIGINT, SIGTERM, SIGHUP, SIGQUIT, a `q` line, or the
/// end of input (stdin a terminal or a pipe; then once the current state has been printed). Stdin that is
/// `/dev/null` or a file is not read: such a run follows until a signal.
enum PlainLoop {
    /// How long an ended input waits for the first data to print.
    static let firstDataWait: TimeInterval = 15

    static func run(state: DashboardState, reason: PlainReason, environment: [String: String], mailbox: Mailbox) {
        signal(SIGPIPE, SIG_IGN)  // a closed reader (`| head`) ends the loop instead of killing the process
        let signals = SignalWatch(mailbox: mailbox)
        defer { signals.cancel() }
        var feed = PlainFeed(
            text: state.text, unicode: TerminalCharset.prefersUnicode(environment: environment),
            timeZone: state.timeZone)
        let started = Date()
        var output = PlainOutput()
        output.redact = state.mode == .wall  // the wall never prints a secret, e-mail or ID number (issue 9)
        output.emit([
            feed.line(
                state.text.plainStarted(mode: state.mode.rawValue, reason: state.text.plainReason(reason)), now: started
            )
        ])
        output.emit(feed.lines(for: state.snapshot, now: started))

        var watchInput = !state.locked && PlainOutput.inputIsInteractive()  // wall --lock: only a signal ends it
        var inputEnded = false
        var printedData = state.snapshot.loadedAt != nil
        var pending = ""
        var fds = [
            pollfd(fd: mailbox.readEnd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
        ]
        while !output.failed {
            fds[0].revents = 0
            fds[1].revents = 0
            _ = poll(&fds, watchInput ? 2 : 1, 1000)
            let now = Date()
            if watchInput, fds[1].revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 512)
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count <= 0 {
                    watchInput = false
                    inputEnded = true
                } else {
                    pending += String(decoding: buffer[0..<count], as: UTF8.self)
                    while let newline = pending.firstIndex(of: "\n") {
                        let typed = pending[..<newline].trimmingCharacters(in: .whitespaces)
                        pending = String(pending[pending.index(after: newline)...])
                        if typed == "q" || typed == "quit" { return }
                    }
                }
            }
            for event in mailbox.drain() {
                switch event {
                case .snapshot(let snapshot):
                    output.emit(feed.lines(for: snapshot, now: now))
                    if snapshot.loadedAt != nil { printedData = true }
                case .key(.controlC):
                    return
                default:
                    break
                }
            }
            output.emit(feed.tick(now: now))
            if inputEnded, printedData || now.timeIntervalSince(started) > firstDataWait { return }
        }
    }
}

/// Whole lines to stdout with write(2), nothing buffered behind the caller's back.
struct PlainOutput {
    private(set) var failed = false
    /// Every line through ``WallRedaction/scrub(_:)`` (the wall's plain output).
    var redact = false

    mutating func emit(_ lines: [String]) {
        guard !lines.isEmpty, !failed else { return }
        let shown = redact ? lines.map(WallRedaction.scrub) : lines
        let bytes = Array((shown.joined(separator: "\n") + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                failed = true
                return
            }
            offset += written
        }
    }

    /// Stdin worth watching for `q` and its end: a terminal or a pipe (not /dev/null, not a file).
    static func inputIsInteractive() -> Bool {
        if isatty(STDIN_FILENO) == 1 { return true }
        var status = stat()
        guard fstat(STDIN_FILENO, &status) == 0 else { return false }
        let kind = status.st_mode & S_IFMT
        return kind == S_IFIFO || kind == S_IFSOCK
    }
}
