import Foundation
import Testing

/// Issue 8 "Terminals", with the real binary: TERM=dumb and no terminal get plain lines without an escape code;
/// NO_COLOR, LANG=C, vt100 and screen terminals draw what they can; a 20x6 window, resize storms, dtach-style
/// re-attach and Ctrl-L repaint correctly; every signal leaves the terminal as it was.
@Suite(.enabled(if: Tmux.available, "tmux is not installed"), .serialized)
struct TerminalFieldBinaryTests {
    @Test func dumbTerminalGetsPlainLinesWithoutEscapeCodesUntilQ() async throws {
        try await onThread {
            let tmux = try Tmux(width: 80, height: 24)
            defer { tmux.kill() }
            // Wait for Enter so the pipe catches every byte golive writes.
            tmux.start("read go; TERM=dumb \(Tmux.binary) dashboard --readonly; echo $? > \(tmux.file("code"))")
            tmux.run(["pipe-pane", "-t", "t", "cat > \(tmux.file("raw"))"])
            tmux.keys("Enter")
            try tmux.waitFor("plain output (TERM=dumb cannot move the cursor)", "notifications: none received yet")
            tmux.keys("q", "Enter")
            #expect(try tmux.waitForFile("code") == "0")
            let raw = try Data(contentsOf: URL(fileURLWithPath: tmux.file("raw")))
            #expect(raw.count > 100)
            #expect(!raw.contains(0x1B), "no escape code at all: \(String(decoding: raw, as: UTF8.self))")
        }
    }

    @Test func noTerminalGetsPlainLinesUntilEndOfInputOrSIGTERM() async throws {
        try await onThread {
            let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-plain-\(UUID())")
            defer { try? FileManager.default.removeItem(at: home) }
            for ending in ["eof", "sigterm"] {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Tmux.binary)
                process.arguments = ["dashboard", "--readonly"]
                process.environment = [
                    "HOME": home.path, "XDG_DATA_HOME": home.path + "/data", "XDG_CONFIG_HOME": home.path + "/config",
                    "LANG": "C.UTF-8", "TERM": "xterm-256color", "PATH": "/usr/bin:/bin",
                ]
                let input = Pipe()
                let output = Pipe()
                process.standardInput = ending == "eof" ? input : FileHandle.nullDevice
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                try process.run()
                let collected = LockedData()
                let reader = Thread {
                    while case let chunk = output.fileHandleForReading.availableData, !chunk.isEmpty {
                        collected.append(chunk)
                    }
                }
                reader.start()
                let end = Date().addingTimeInterval(20)
                while Date() < end, !collected.text.contains("notifications:") { Thread.sleep(forTimeInterval: 0.05) }
                if ending == "eof" { try input.fileHandleForWriting.close() } else { process.terminate() }
                // Polled: it ends as soon as golive does. Far above PlainLoop.firstDataWait (15 s), which golive may
                // wait out when the input ends before its first data loaded (on 2 loaded cores, 10 s was too short).
                let stop = Date().addingTimeInterval(40)
                while process.isRunning, Date() < stop { Thread.sleep(forTimeInterval: 0.05) }
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    Issue.record("\(ending): golive did not end")
                }
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "\(ending)")
                let text = collected.text
                #expect(text.contains("plain output (stdout is not a terminal)"), "\(ending): \(text)")
                #expect(text.contains("seller default"), "\(text)")
                #expect(!text.contains("\u{1B}"))
            }
        }
    }

    /// (environment, options, what the screen must show, how its colours must be)
    @Test(arguments: [
        ("NO_COLOR=1", "", "Credentials", ColourExpectation.none),
        ("NO_COLOR=1 TERM=vt100", "", "Credentials", .none),
        ("TERM=vt100", "", "Credentials", .none),
        ("LANG=C", "", "+-", .ascii),
        ("TERM=screen", "", "Credentials", .basicOnly),
        ("TERM=screen-256color", "", "Credentials", .palette256),
        ("NO_COLOR=1", "--theme dark", "Credentials", .palette256),  // an explicit --theme wins
    ])
    func terminalSettings(settings: String, options: String, shows: String, colours: ColourExpectation)
        async throws
    {
        try await onThread {
            let tmux = try Tmux(width: 100, height: 30)
            defer { tmux.kill() }
            tmux.start("\(settings) \(Tmux.binary) dashboard --readonly \(options); echo $? > \(tmux.file("code"))")
            try tmux.waitFor("Report balances", shows)
            let screen = tmux.capture()
            let sgr = Self.sgrParameters(tmux.run(["capture-pane", "-p", "-e", "-t", "t"]))
            let colour = sgr.filter { (30...48).contains($0) || (90...107).contains($0) }
            switch colours {
            case .none:
                #expect(colour.filter { $0 != 39 && $0 != 49 }.isEmpty, "\(settings): \(Set(colour))")
            case .ascii:
                #expect(screen.utf8.allSatisfy { $0 < 0x80 }, "\(screen)")
            case .basicOnly:
                #expect(!colour.isEmpty)
                #expect(colour.allSatisfy { (30...37).contains($0) || (40...47).contains($0) || $0 == 39 || $0 == 49 })
            case .palette256:
                #expect(sgr.contains(38))
            }
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
        }
    }

    enum ColourExpectation: Sendable {
        case none, ascii, basicOnly, palette256
    }

    @Test func aTinyWindowResizeStormsReattachAndControlLRepaintCorrectly() async throws {
        try await onThread {
            let tmux = try Tmux(width: 20, height: 6)
            defer { tmux.kill() }
            tmux.start(
                "sh -c \"echo \\$\\$ > \(tmux.file("pid")); exec \(Tmux.binary) dashboard --readonly\"; "
                    + "echo $? > \(tmux.file("code"))")
            try tmux.waitFor("too small")
            let pid = try #require(Int32(tmux.waitForFile("pid")))
            // A storm: 40 size changes without a pause, ending at 90x26.
            for index in 0..<40 {
                tmux.resize(width: [20, 133, 41, 80, 7, 200][index % 6], height: [6, 50, 12, 24, 3, 61][index % 6])
            }
            tmux.resize(width: 90, height: 26)
            try tmux.waitFor("Credentials", "Report balances")
            try Self.expectRepaintChangesNothing(tmux, key: "C-l")
            // Garbage from elsewhere (a wall message); a dtach-style re-attach (SIGWINCH, same size) cleans it.
            let tty = tmux.run(["display-message", "-p", "-t", "t", "#{pane_tty}"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            try "\u{1B}[5;5HGARBAGE-FROM-ELSEWHERE".write(toFile: tty, atomically: false, encoding: .utf8)
            try tmux.waitFor("GARBAGE-FROM-ELSEWHERE")
            kill(pid, SIGWINCH)
            try Self.waitUntilGone("GARBAGE-FROM-ELSEWHERE", tmux)
            try "\u{1B}[7;9HMORE-GARBAGE".write(toFile: tty, atomically: false, encoding: .utf8)
            try tmux.waitFor("MORE-GARBAGE")
            tmux.keys("C-l")
            try Self.waitUntilGone("MORE-GARBAGE", tmux)
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
        }
    }

    /// (TERM, whether frames are wrapped in synchronized output)
    @Test(arguments: [
        ("tmux-256color", true), ("xterm-256color", true), ("vt100", false), ("linux", false),
        ("screen-256color", false),
    ])
    func synchronizedOutputOnlyWhereSupported(term: String, synchronized: Bool) async throws {
        try await onThread {
            let tmux = try Tmux(width: 80, height: 24)
            defer { tmux.kill() }
            tmux.start("read go; TERM=\(term) \(Tmux.binary) dashboard --readonly; echo $? > \(tmux.file("code"))")
            tmux.run(["pipe-pane", "-t", "t", "cat > \(tmux.file("raw"))"])
            tmux.keys("Enter")
            try tmux.waitFor("Credentials", "Report balances")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
            let raw = String(decoding: try Data(contentsOf: URL(fileURLWithPath: tmux.file("raw"))), as: UTF8.self)
            #expect(raw.contains("\u{1B}[?2026h") == synchronized, "\(term)")
            #expect(raw.contains("\u{1B}[?2026l") == synchronized, "\(term)")
        }
    }

    @Test func cjkEmojiZWJFlagsAndNewEmojiKeepTheHeaderInItsColumns() async throws {
        try await onThread {
            let tmux = try Tmux(width: 80, height: 24)
            defer { tmux.kill() }
            // The seller's name is shown in the header, right after "golive".
            let name = "東京🏪❤️x👨‍👩‍👧y🇦🇷z🫨wé"
            tmux.start(
                "GOLIVE_SELLER=\(name) \(Tmux.binary) dashboard --readonly; echo $? > \(tmux.file("code"))")
            try tmux.waitFor("Credentials", "東京")
            let lines = tmux.capture().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // The clock ends the header in the last columns: nothing before it took more or fewer columns than
            // ncurses and the terminal agreed on.
            #expect(lines[0].range(of: #" \d\d:\d\d$"#, options: .regularExpression) != nil, "\(lines[0])")  // HH:MM
            #expect(lines[0].contains("wé"))
            #expect(lines[1].hasPrefix("┌") && lines[1].hasSuffix("┐"), "\(lines[1])")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
        }
    }

    @Test func suspendGivesTheTerminalBackAndContinueRepaints() async throws {
        try await suspendCycles(["Ctrl-Z"])
    }

    /// Two cycles: a Ctrl-Z after a resume works like the first. (It once failed about 1 run in 4: the stop was sent
    /// to the process, not the terminal's thread, which repainted before it stopped — see ProcessStopTests.)
    @Test func suspendTwice() async throws {
        try await suspendCycles(["Ctrl-Z", "Ctrl-Z again"])
    }

    private func suspendCycles(_ ways: [String]) async throws {
        try await onThread {
            let tmux = try Tmux(width: 80, height: 24)
            defer { tmux.kill() }
            tmux.start(
                "stty -g > \(tmux.file("before")); "
                    + "sh -c \"echo \\$\\$ > \(tmux.file("pid")); exec \(Tmux.binary) dashboard --readonly\"; "
                    + "echo $? > \(tmux.file("code"))")
            try tmux.waitFor("Credentials", "Report balances")
            let pid = try #require(Int32(tmux.waitForFile("pid")))
            let before = try tmux.waitForFile("before")
            // Each time after a resume. (SIGTSTP sent from outside goes the same way but is not
            // asserted: in tmux's orphaned process group its delivery is not reliable.)
            for (index, way) in ways.enumerated() {
                tmux.keys("C-z")
                do { try Self.waitUntilGone("Credentials", tmux) } catch {
                    throw TmuxTimeout(description: "\(way): \(error)")
                }
                #expect(tmux.run(["display-message", "-p", "-t", "t", "#{alternate_on}"]).hasPrefix("0"), "\(way)")
                // endwin clears the screen before it restores the modes: poll until they are the shell's.
                let tty = tmux.run(["display-message", "-p", "-t", "t", "#{pane_tty}"])
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let stty = tmux.file("stty-\(index)")
                var modes = ""
                for _ in 0..<50 where modes != before {
                    _ = system("stty -g < \(tty) > \(stty)")
                    modes =
                        (try? String(contentsOfFile: stty, encoding: .utf8))?
                        .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    if modes != before { Thread.sleep(forTimeInterval: 0.1) }
                }
                #expect(modes == before, "\(way): the shell's terminal modes while stopped")
                kill(pid, SIGCONT)
                try tmux.waitFor("Credentials", "Report balances")
            }
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
        }
    }

    /// (signal, the exit code the shell reports)
    @Test(arguments: [(SIGTERM, "0"), (SIGHUP, "0"), (SIGINT, "0"), (SIGQUIT, "0"), (SIGSEGV, "139")])
    func everySignalLeavesTheTerminalAsItWas(signal: Int32, code: String) async throws {
        try await onThread {
            let tmux = try Tmux(width: 80, height: 24)
            defer { tmux.kill() }
            tmux.start(
                "stty -g > \(tmux.file("before")); "
                    + "sh -c \"echo \\$\\$ > \(tmux.file("pid")); exec env SWIFT_BACKTRACE=enable=no "
                    + "\(Tmux.binary) dashboard --readonly\"; echo $? > \(tmux.file("code")); "
                    + "stty -g > \(tmux.file("after"))")
            try tmux.waitFor("Credentials", "Report balances")
            #expect(tmux.run(["display-message", "-p", "-t", "t", "#{alternate_on}"]).hasPrefix("1"))
            let pid = try #require(Int32(tmux.waitForFile("pid")))
            kill(pid, signal)
            #expect(try tmux.waitForFile("code") == code)
            #expect(try tmux.waitForFile("after") == tmux.waitForFile("before"), "stty settings restored")
            #expect(!tmux.capture().contains("Credentials"), "the alternate screen was left")
            #expect(tmux.run(["display-message", "-p", "-t", "t", "#{alternate_on}"]).hasPrefix("0"))
            #expect(tmux.run(["display-message", "-p", "-t", "t", "#{cursor_flag}"]).hasPrefix("1"), "cursor shown")
        }
    }

    // MARK: helpers

    /// Every SGR parameter in a `capture-pane -e` dump.
    static func sgrParameters(_ text: String) -> [Int] {
        var result: [Int] = []
        var rest = Substring(text)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !"0123456789;".contains($0) }) else { break }
            if rest[end] == "m" { result += rest[..<end].split(separator: ";").compactMap { Int($0) } }
            rest = rest[end...]
        }
        return result
    }

    /// A full repaint (Ctrl-L) must show what was already there: the storm left nothing wrong. Digits are
    /// masked (the clock and data ages tick); tried a few times because data may change in between.
    static func expectRepaintChangesNothing(_ tmux: Tmux, key: String) throws {
        func masked() -> String { String(tmux.capture().map { $0.isNumber ? "#" : $0 }) }
        var before = "", after = ""
        for _ in 0..<4 {
            Thread.sleep(forTimeInterval: 0.5)
            before = masked()
            tmux.keys(key)
            Thread.sleep(forTimeInterval: 0.5)
            after = masked()
            if before == after { return }
        }
        Issue.record("the screen changed on a full repaint:\nbefore:\n\(before)\nafter:\n\(after)")
    }

    static func waitUntilGone(_ text: String, _ tmux: Tmux) throws {
        let end = Date().addingTimeInterval(10)
        while Date() < end {
            if !tmux.capture().contains(text) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TmuxTimeout(description: "\(text) stayed on:\n\(tmux.capture())")
    }
}

/// Bytes appended by one thread and read by another.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
