import Foundation
import Testing

/// The real binary on a real terminal: tmux (installed by .ci/run) with a private socket per test, keys sent
/// with send-keys, the screen read with capture-pane. Each scenario runs on a thread of its own, never on the
/// concurrency pool.
@Suite(.enabled(if: Tmux.available, "tmux is not installed"), .serialized)
struct DashboardTerminalTests {
    @Test func demoStartsShowsHelpSurvivesATinyResizeAndQuitsFromHelpRestoringTheTerminal() async throws {
        try await onThread {
            let tmux = try Tmux(width: 80, height: 24)
            defer { tmux.kill() }
            tmux.start(
                "stty -g > \(tmux.file("before")); \(Tmux.binary) demo; echo $? > \(tmux.file("code")); stty -g > \(tmux.file("after"))"
            )
            try tmux.waitFor("Credentials", "Notifications")
            try tmux.waitFor("PRODUCTION")
            // The demo's shop: a payment created in the Sandbox arrives as a signed webhook through the real
            // receiver, is stored, processed and shown in the feed.
            try tmux.waitFor("payment.created", "valid")
            // Balances summed from a release report the demo created through the Sandbox's reports API.
            try tmux.waitFor("Available", "ARS")
            tmux.keys("?")
            try tmux.waitFor("Keys", "close this help")
            tmux.resize(width: 20, height: 5)
            try tmux.waitFor("too small")
            tmux.resize(width: 80, height: 24)
            try tmux.waitFor("Keys", "close this help")
            tmux.keys("q")
            let code = try tmux.waitForFile("code")
            #expect(code == "0")
            #expect(try tmux.waitForFile("after") == tmux.waitForFile("before"), "stty settings restored")
            #expect(!tmux.capture().contains("Credentials"), "the alternate screen was left")
        }
    }

    @Test func tabFocusAndZoomAndThemeKeysWork() async throws {
        try await onThread {
            let tmux = try Tmux(width: 120, height: 40)
            defer { tmux.kill() }
            tmux.start("\(Tmux.binary) demo --readonly; echo $? > \(tmux.file("code"))")
            try tmux.waitFor("Report balances", "read-only")
            tmux.keys("Tab")
            tmux.keys("Enter")
            try tmux.waitFor("SSL (zoomed)")
            tmux.keys("Escape")
            tmux.keys("t")
            try tmux.waitFor("theme: light")
            tmux.keys("r")  // not bound under --readonly: nothing happens, nothing is checked
            tmux.keys("C-c")
            #expect(try tmux.waitForFile("code") == "0")
        }
    }

    @Test func walkthroughMovesBetweenStepsWithNAndP() async throws {
        try await onThread {
            let tmux = try Tmux(width: 80, height: 24)
            defer { tmux.kill() }
            tmux.start("\(Tmux.binary) demo --walkthrough --still; echo $? > \(tmux.file("code"))")
            try tmux.waitFor("Step 1 of 7", "Production credentials")
            tmux.keys("n")
            try tmux.waitFor("Step 2 of 7", "SSL certificate")
            tmux.keys("Right")
            try tmux.waitFor("Step 3 of 7")
            tmux.keys("p")
            try tmux.waitFor("Step 2 of 7")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
        }
    }

    /// DESIGN.md `--lang`: the locale variables' text chooses the language even though es_AR is not installed
    /// (only C/C.UTF-8/POSIX are); GOLIVE_LANG beats it; --lang beats both.
    @Test func spanishFromAnUninstalledLocaleAndPortugueseFromGoLiveLang() async throws {
        try await onThread {
            let tmux = try Tmux(width: 80, height: 24)
            defer { tmux.kill() }
            tmux.start(
                "LANG=es_AR.UTF-8 \(Tmux.binary) demo --still; echo $? > \(tmux.file("code")); "
                    + "LANG=es_AR.UTF-8 GOLIVE_LANG=pt-BR \(Tmux.binary) demo --walkthrough --still; "
                    + "echo $? > \(tmux.file("code2")); "
                    + "LANG=es_AR.UTF-8 GOLIVE_LANG=pt-BR \(Tmux.binary) demo --walkthrough --still --lang en; "
                    + "echo $? > \(tmux.file("code3"))")
            try tmux.waitFor("Credenciales", "Notificaciones", "PRODUCCIÓN", "Calidad y aprobación")
            try tmux.waitFor("Disponible", "ARS")
            tmux.keys("?")
            try tmux.waitFor("Teclas", "cerrar esta ayuda")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
            try tmux.waitFor("Passo 1 de 7", "Credenciais de produção")
            tmux.keys("n")
            try tmux.waitFor("Passo 2 de 7", "Certificado SSL")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code2") == "0")
            try tmux.waitFor("Step 1 of 7", "Production credentials")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code3") == "0")
        }
    }

    @Test func anUnknownTerminalTypeFallsBackToXtermAndSaysSo() async throws {
        try await onThread {
            let tmux = try Tmux(width: 80, height: 24)
            defer { tmux.kill() }
            tmux.start(
                "TERM=xterm-nosuchterm-golive \(Tmux.binary) demo --still 2> \(tmux.file("err")); "
                    + "echo $? > \(tmux.file("code"))")
            try tmux.waitFor("Credentials", "Notifications")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
            let error = try String(contentsOfFile: tmux.file("err"), encoding: .utf8)
            #expect(error.contains("drew as xterm-256color"), "\(error)")
        }
    }

    // TERM=dumb, no terminal at all and the other terminal settings: TerminalFieldBinaryTests.
}

/// Runs blocking work on a new thread and awaits it.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}

struct Tmux {
    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
    static var binary: String { GoLiveBinary.url.path }

    let socket = "golive-test-\(UUID().uuidString.prefix(8))"
    let folder: URL

    init(width: Int, height: Int) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-tmux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.width = width
        self.height = height
    }

    let width: Int
    let height: Int

    func file(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Starts `command` in a shell in a detached session of the given size, with a clean environment.
    func start(_ command: String) {
        let environment = [
            "HOME=\(folder.path)", "XDG_CONFIG_HOME=\(folder.path)/config", "XDG_DATA_HOME=\(folder.path)/data",
            "LANG=C.UTF-8", "TERM=xterm-256color", "PATH=/usr/bin:/bin",
        ].joined(separator: " ")
        // No pipe for this one: the tmux server it starts would hold the pipe open forever.
        run(
            capturing: false,
            [
                "new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)",
                "env -i \(environment) sh -c '\(command); sleep 30'",
            ])
    }

    func keys(_ keys: String...) { run(["send-keys", "-t", "t"] + keys) }

    func resize(width: Int, height: Int) {
        run(["resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"])
    }

    func capture() -> String { run(["capture-pane", "-p", "-t", "t"]) }

    /// Waits until the screen shows every text (10 s), or fails with the screen.
    func waitFor(_ texts: String..., seconds: Double = 15) throws {
        let end = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < end {
            screen = capture()
            if texts.allSatisfy(screen.contains) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TmuxTimeout(description: "waited for \(texts) in:\n\(screen)")
    }

    func waitForFile(_ name: String, seconds: Double = 15) throws -> String {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if let text = try? String(contentsOfFile: file(name), encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TmuxTimeout(description: "no \(name) file; screen:\n\(capture())")
    }

    /// Runs tmux through the C library (popen/system), waiting on this thread: Foundation's Process does not
    /// notice the exit of a tmux client whose server it forked.
    @discardableResult
    func run(capturing: Bool = true, _ arguments: [String]) -> String {
        let quoted = (["/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments).map {
            "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
        guard capturing else {
            _ = system(quoted + " </dev/null >/dev/null 2>&1")
            return ""
        }
        guard let stream = popen(quoted + " </dev/null 2>/dev/null", "r") else { return "" }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, stream)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        pclose(stream)
        return String(decoding: output, as: UTF8.self)
    }

    /// Ends the session and its server (and so every process it started).
    func kill() {
        run(["kill-server"])
        try? FileManager.default.removeItem(at: folder)
    }
}

struct TmuxTimeout: Error, CustomStringConvertible {
    var description: String
}
