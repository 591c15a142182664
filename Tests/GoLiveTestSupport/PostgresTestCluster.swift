public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A PRIVATE throwaway PostgreSQL cluster for tests that take the database down and bring it back (issue 10:
/// "the database restarted under load"): `initdb --no-sync` into a temporary folder, a free loopback port, trust
/// authentication for the `golive` user. Never the shared cluster of `POSTGRES_URL`, which other tests use.
///
/// - Binaries: `GOLIVE_TEST_POSTGRES_BIN` (set by scripts/test.sh), else the newest `/usr/lib/postgresql/*/bin`,
///   else `initdb` on PATH.
/// - As root, initdb and postgres refuse to run: they run as `GOLIVE_TEST_POSTGRES_RUN_AS` through `runuser`
///   (scripts/test.sh sets it to `postgres`), or as `postgres` when that variable is unset.
///
/// ``stop()`` is a clean shutdown, ``start()`` brings the same data back on the same port, ``kill()`` is a
/// crash (SIGKILL to the postmaster and its children; the next ``start()`` runs crash recovery), ``destroy()``
/// removes everything. All waiting happens on threads of their own, never on the Swift concurrency pool.
public final class PostgresTestCluster: Sendable {
    public let folder: URL
    public let port: Int
    let bin: String
    let runAs: String?

    /// Whether PostgreSQL's server binaries are installed (tests that need a private cluster are skipped otherwise).
    public static var isAvailable: Bool { binaries() != nil }

    /// `postgres://golive@127.0.0.1:PORT/DATABASE?sslmode=disable`.
    public func url(database: String = "postgres") -> String {
        "postgres://golive@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// The data directory (PostgreSQL's `-D`).
    public var dataDirectory: String { folder.appendingPathComponent("data").path }

    /// Creates and starts a new cluster. Call ``destroy()`` when done (also after a failed test).
    public static func make(label: String = "cluster") async throws -> PostgresTestCluster {
        guard let bin = binaries() else {
            throw TestServerError("PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on PATH)")
        }
        let environment = ProcessInfo.processInfo.environment
        var runAs: String? = nil
        if getuid() == 0 {
            let configured = environment["GOLIVE_TEST_POSTGRES_RUN_AS"] ?? ""
            runAs = configured.isEmpty ? "postgres" : configured
        }
        let safe = label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(20)
        let folder = URL(fileURLWithPath: "/tmp").appendingPathComponent(
            "golive-pgtest-\(safe)-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cluster = PostgresTestCluster(folder: folder, port: try freeLoopbackPort(), bin: bin, runAs: runAs)
        do {
            if let runAs {
                try await run("/bin/chown", [runAs, folder.path], log: nil)
            }
            try await cluster.postgresTool(
                "initdb",
                ["-D", cluster.dataDirectory, "-U", "golive", "--auth=trust", "-E", "UTF8", "--no-sync"],
                log: "initdb.log")
            try await cluster.start()
        } catch {
            await cluster.destroy()
            throw error
        }
        return cluster
    }

    init(folder: URL, port: Int, bin: String, runAs: String?) {
        self.folder = folder
        self.port = port
        self.bin = bin
        self.runAs = runAs
    }

    /// Starts the server on the same port with the same data (waits until it accepts connections). After
    /// ``kill()`` this runs crash recovery first.
    public func start() async throws {
        let options =
            "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder.path) -c max_connections=200 "
            + "-c shared_buffers=32MB -c fsync=off -c full_page_writes=off"
        try await postgresTool(
            "pg_ctl",
            [
                "-D", dataDirectory, "-l", folder.appendingPathComponent("server.log").path, "-w", "-t", "60",
                "-o", options, "start",
            ], log: "pg_ctl.log")
    }

    /// A clean shutdown that does not wait for clients (`pg_ctl stop -m fast`): open connections are closed.
    public func stop() async throws {
        try await postgresTool(
            "pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], log: "pg_ctl.log")
    }

    /// A crash: SIGKILL to the postmaster and every process it started, and waits until they are gone.
    public func kill() async throws {
        guard let postmaster = postmasterPID() else { throw TestServerError("the cluster is not running") }
        let victims = [postmaster] + Self.children(of: postmaster)
        for pid in victims { Glibc.kill(pid, SIGKILL) }
        for _ in 0..<200 {
            if victims.allSatisfy({ Glibc.kill($0, 0) != 0 }) { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw TestServerError("the cluster's processes did not exit after SIGKILL")
    }

    /// Whether the postmaster runs.
    public var isRunning: Bool { postmasterPID().map { Glibc.kill($0, 0) == 0 } ?? false }

    /// Stops the server at once (if it runs) and removes the folder. Never throws: for cleanup paths.
    public func destroy() async {
        if isRunning {
            try? await postgresTool(
                "pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"], log: "pg_ctl.log")
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Creates a database on this cluster and returns its URL.
    public func createDatabase(_ name: String = "golive") async throws -> String {
        try await PostgresTestServer.execute("CREATE DATABASE \(name)", adminURL: url())
        return url(database: name)
    }

    /// The server's log so far (for a failing test's message).
    public func serverLog() -> String {
        (try? String(contentsOf: folder.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
    }

    // MARK: Plumbing

    func postmasterPID() -> pid_t? {
        guard
            let text = try? String(
                contentsOfFile: folder.appendingPathComponent("data/postmaster.pid").path, encoding: .utf8),
            let first = text.split(separator: "\n").first, let pid = pid_t(first.trimmingCharacters(in: .whitespaces))
        else { return nil }
        return pid
    }

    /// Direct children of `pid` (PostgreSQL's backends and background workers), from /proc.
    static func children(of pid: pid_t) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> pid_t? in
            guard let child = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // "pid (comm) state ppid …": the fields after the command's closing parenthesis.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, pid_t(fields[1]) == pid else { return nil }
            return child
        }
    }

    /// Runs one of PostgreSQL's programs (as ``runAs`` when root); its output goes to `log` in the folder.
    func postgresTool(_ name: String, _ arguments: [String], log: String) async throws {
        let program = "\(bin)/\(name)"
        if let runAs {
            try await Self.run(
                "/usr/sbin/runuser", ["-u", runAs, "--", program] + arguments, log: folder.appendingPathComponent(log))
        } else {
            try await Self.run(program, arguments, log: folder.appendingPathComponent(log))
        }
    }

    /// Runs a program to completion on a thread of its own; a non-zero exit throws with the log's tail.
    ///
    /// posix_spawn and waitpid, not Foundation's `Process`: `pg_ctl start` leaves the postmaster running with the
    /// descriptors it inherited, and `Process` on Linux learns of its child's exit from a socket the child (and so
    /// the postmaster) holds open — it would wait for the server to stop. Every other descriptor is closed in the
    /// child, so the server never holds a test's sockets.
    public static func run(_ executable: String, _ arguments: [String], log: URL?) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, log: log) })
            }
        }
    }

    static func runBlocking(_ executable: String, _ arguments: [String], log: URL?) throws {
        if let log, !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let output = log?.path ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The descriptors open now (glibc ignores closing one that was closed in between).
        let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap(
            Int32.init)
        for descriptor in open where descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw TestServerError("cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let tail = log.flatMap { try? String(contentsOf: $0, encoding: .utf8) }.map { String($0.suffix(2000)) }
            throw TestServerError(
                "\(executable) \(arguments.joined(separator: " ")) failed (wait status \(status)): \(tail ?? "")")
        }
    }

    static func binaries() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["GOLIVE_TEST_POSTGRES_BIN"], !configured.isEmpty,
            FileManager.default.isExecutableFile(atPath: "\(configured)/initdb")
        {
            return configured
        }
        let versions =
            ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions {
            let bin = "/usr/lib/postgresql/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: "\(bin)/initdb"),
                FileManager.default.isExecutableFile(atPath: "\(bin)/postgres")
            {
                return bin
            }
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(folder)/initdb") {
            return String(folder)
        }
        return nil
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on now (the kernel's pick; a tiny race with other processes is
/// accepted, as scripts/throwaway-postgres.sh does).
public func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw TestServerError("socket() failed: errno \(errno)") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else { throw TestServerError("bind() failed: errno \(errno)") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    guard named == 0 else { throw TestServerError("getsockname() failed: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
