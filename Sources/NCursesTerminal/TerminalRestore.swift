import CNCurses
import Foundation

/// The last resort that gives the terminal back when the normal path (`endwin` in ``NCursesScreen/close()``)
/// cannot run: a crash (a Swift runtime trap is SIGILL/SIGTRAP, plus SIGSEGV, SIGBUS, SIGFPE, SIGABRT) or an
/// `exit()` from somewhere while the screen is up. It writes the terminal's own "leave the alternate screen,
/// show the cursor, plain attributes" sequences and puts back the terminal modes the shell had, using only
/// async-signal-safe calls on data prepared beforehand, then lets the signal take its course (the previous
/// handler, e.g. Swift's backtracer, or the default action).
enum TerminalRestore {
    private static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]
    // Written once on the UI thread before the handlers are armed; read by the handlers.
    nonisolated(unsafe) private static var modes = termios()
    nonisolated(unsafe) private static var haveModes = false
    nonisolated(unsafe) private static var sequence: UnsafeMutablePointer<UInt8>?
    nonisolated(unsafe) private static var sequenceLength = 0
    nonisolated(unsafe) private static var armed: sig_atomic_t = 0
    nonisolated(unsafe) private static var previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    nonisolated(unsafe) private static var installed = false

    /// Remembers the terminal modes as the shell left them (before ncurses changes them).
    static func saveModes() {
        haveModes = tcgetattr(STDIN_FILENO, &modes) == 0
    }

    /// Prepares the restore sequence from the current terminal's terminfo and installs the handlers.
    static func arm() {
        var bytes: [UInt8] = []
        for name in ["sgr0", "cnorm", "rmcup"] {
            if let value = cncurses_string_cap(name) { bytes += Array(String(cString: value).utf8) }
        }
        bytes += Array("\r\n".utf8)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        buffer.initialize(from: bytes, count: bytes.count)
        sequence?.deallocate()
        sequence = buffer
        sequenceLength = bytes.count
        if !installed {
            installed = true
            atexit { TerminalRestore.emergency() }
            for signal in crashSignals {
                var action = sigaction()
                action.__sigaction_handler.sa_sigaction = { signal, info, _ in
                    TerminalRestore.emergency()
                    // Put the previous action back; a signal sent by kill/raise is raised again (it stays pending
                    // until this handler returns), a real fault re-runs the faulting instruction and meets it.
                    sigaction(signal, TerminalRestore.previous.advanced(by: Int(signal)), nil)
                    if let info, info.pointee.si_code <= 0 { raise(signal) }
                }
                action.sa_flags = SA_SIGINFO | SA_ONSTACK
                sigemptyset(&action.sa_mask)
                sigaction(signal, &action, previous.advanced(by: Int(signal)))
            }
        }
        armed = 1
    }

    /// The screen was closed the normal way: nothing left to restore.
    static func disarm() {
        armed = 0
    }

    /// Restores the terminal if the screen is still up. Async-signal-safe: write(2) and tcsetattr only.
    static func emergency() {
        guard armed == 1 else { return }
        armed = 0
        if let sequence { _ = write(STDOUT_FILENO, sequence, sequenceLength) }
        if haveModes { _ = tcsetattr(STDIN_FILENO, TCSANOW, &modes) }
    }
}
