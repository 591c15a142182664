import Foundation
import GoLiveCore
import StoreSQLite
import Testing

/// The byte budget's regression test: the real binary on a real pseudo-terminal, every byte it writes counted.
/// Generous bounds, so a loaded CI machine cannot make it flaky (bytes depend on what is drawn, not on speed);
/// the real figures are in `Benchmarks/dashboard/bytes.py` and the README (about 1 B/s idle, ~170 B for a new
/// notification at 80x24). What it catches: a clock or an age that ticks every second again (~50 B/s), and the
/// feed rewritten or the screen redrawn for one notification (a full redraw is ~3.6 KB at 80x24).
@Suite(.serialized, .enabled(if: PseudoTerminal.supported, "the pty helper is Linux-only"))
struct DashboardByteBudgetTests {
    static let idleBound = 200  // bytes in 5 s: 40 B/s (real: 0 B, or ~100 B when the minute turns)
    static let notificationBound = 1500  // bytes for one new notification (real: ~170 B; full redraw: ~3.6 KB)

    @Test func anIdleDashboardAndOneNewNotificationStayWithinTheByteBudget() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let folder = binary.home.appendingPathComponent("data/golive")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
        let base = Date().addingTimeInterval(-3600)
        _ = try await store.recordNotifications(
            (1...20).map { index in
                Self.notification(id: "budget-\(index)", dataID: "\(7_770_000 + index)", at: base + Double(index) * 60)
            })

        let terminal = try PseudoTerminal(width: 80, height: 24)
        defer { terminal.kill() }
        try terminal.start(binary, ["dashboard", "--readonly"])
        // Warm-up: the first paint, then the feed read from the store (the newest notification on screen).
        let painted = try await onThread { try terminal.read(until: "7770020", seconds: 20) }
        #expect(painted > 0)
        _ = try await onThread { try terminal.read(seconds: 1.5) }

        let idle = try await onThread { try terminal.read(seconds: 5) }
        #expect(idle < Self.idleBound, "\(idle) B written in 5 s with nothing happening")

        _ = try await store.recordNotifications([
            Self.notification(id: "budget-new", dataID: "8880001", at: Date())
        ])
        let arrived = try await onThread { try terminal.read(until: "8880001", seconds: 20) }
        let settled = try await onThread { try terminal.read(seconds: 1) }
        #expect(
            arrived + settled < Self.notificationBound,
            "\(arrived + settled) B written for one new notification at the top of the feed")

        let status = try await onThread { try terminal.quit() }
        #expect(status == 0)
    }

    static func notification(id: String, dataID: String, at date: Date) -> IncomingNotification {
        IncomingNotification(
            kind: .webhook, notificationID: id, topic: "payment", action: "payment.created", dataID: dataID,
            liveMode: true, seller: "default", signature: .valid, receivedAt: date, body: #"{"id":"\#(id)"}"#)
    }
}

/// A pseudo-terminal of a fixed size with the child on its slave side; this side counts what the child writes.
final class PseudoTerminal: @unchecked Sendable {
    /// The ioctl numbers below are Linux's.
    static var supported: Bool {
        #if os(Linux)
            true
        #else
            false
        #endif
    }

    let master: Int32
    private var slave: Int32
    private var process: Process?
    /// Everything read so far (searched by `read(until:)`).
    private(set) var output = Data()

    init(width: Int, height: Int) throws {
        // /dev/ptmx by hand (Glibc's module does not export posix_openpt/ptsname); TIOCSPTLCK and TIOCGPTN are the
        // same on x86_64 and aarch64 Linux.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            throw PseudoTerminalError(description: "no pseudo-terminal: errno \(errno)")
        }
        slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw PseudoTerminalError(description: "cannot open /dev/pts/\(number)") }
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
    }

    /// Starts the binary with the slave as stdin and stdout (stderr discarded), in the binary's clean environment.
    func start(_ binary: GoLiveBinary, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = GoLiveBinary.url
        process.arguments = arguments
        process.environment = [
            "PATH": "/usr/bin:/bin", "HOME": binary.home.path,
            "XDG_CONFIG_HOME": binary.home.appendingPathComponent("config").path,
            "XDG_DATA_HOME": binary.home.appendingPathComponent("data").path, "LANG": "C.UTF-8",
            "TERM": "xterm-256color", "TZ": "UTC",
        ]
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        close(slave)  // the child holds it now: its exit ends our reads
        slave = -1
    }

    /// Reads for `seconds`; returns the bytes read.
    func read(seconds: Double) throws -> Int {
        try read(until: nil, seconds: seconds)
    }

    /// Reads until `text` has appeared in what was read in this call (or `seconds` pass: an error when `text` was
    /// asked for); returns the bytes read.
    @discardableResult
    func read(until text: String?, seconds: Double) throws -> Int {
        let start = output.count
        let end = Date().addingTimeInterval(seconds)
        let needle = text.map { Data($0.utf8) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < end {
            if let needle, output[start...].range(of: needle) != nil { return output.count - start }
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, 50) > 0 else { continue }
            let count = Foundation.read(master, &buffer, buffer.count)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        if let text, output[start...].range(of: Data(text.utf8)) == nil {
            throw PseudoTerminalError(description: "\"\(text)\" did not appear in \(seconds) s")
        }
        return output.count - start
    }

    /// Types `q` and waits for the exit (5 s); returns the exit status.
    func quit() throws -> Int32 {
        var key: UInt8 = UInt8(ascii: "q")
        _ = write(master, &key, 1)
        let end = Date().addingTimeInterval(5)
        while Date() < end, process?.isRunning == true { _ = try? read(seconds: 0.1) }
        guard let process, !process.isRunning else {
            throw PseudoTerminalError(description: "the dashboard did not quit on q")
        }
        return process.terminationStatus
    }

    func kill() {
        if let process, process.isRunning { process.terminate() }
        if slave >= 0 { close(slave) }
        close(master)
    }
}

struct PseudoTerminalError: Error, CustomStringConvertible {
    var description: String
}
