import Foundation
import NCursesTerminal
import Testing

/// Ctrl-Z stops the process from the thread that owns the terminal. That thread must not run on before the process
/// is continued: when the stop took effect later (a process-directed `kill(getpid(), SIGSTOP)`), the thread had
/// already repainted and put the terminal back into raw mode, and the process sat stopped on a full dashboard.
@Suite struct ProcessStopTests {
    /// A late stop needs the main thread to be woken first, so the thread sometimes still stops in time: a few
    /// rounds make the check fail reliably when the stop is sent to the process instead of the thread.
    @Test func theThreadThatStopsRunsOnlyAfterTheContinue() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-stop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // On a thread of its own, like the terminal's (never block the concurrency pool).
        let stopped = await withCheckedContinuation { (done: CheckedContinuation<[Double], Never>) in
            Thread {
                var stopped: [Double] = []
                for round in 1...5 {
                    // Another process continues this one after 0.1 s, then again every 0.2 s until the stopping
                    // thread has returned and the process is running (a stop that lands late, the bug, or a thread
                    // that reached the stop late): the test process is never left stopped. Each round waits for
                    // it to end, so that no stray continue reaches the next round.
                    let returned = folder.appendingPathComponent("returned-\(round)").path
                    let pid = getpid()
                    let continuer = Process()
                    continuer.executableURL = URL(fileURLWithPath: "/bin/sh")
                    continuer.arguments = [
                        "-c",
                        "sleep 0.1; kill -CONT \(pid); for i in $(seq 50); do sleep 0.2; "
                            + "if [ -e '\(returned)' ] && ! grep -q '^State:.*T' /proc/\(pid)/status; then exit 0; fi; "
                            + "kill -CONT \(pid); done",
                    ]
                    let started = Self.now()
                    guard (try? continuer.run()) != nil else { break }
                    ProcessStop.untilContinued()
                    // The clock is read right after the return, with no system call in between where a late stop
                    // could still catch the thread.
                    stopped.append(Self.now() - started)
                    _ = FileManager.default.createFile(atPath: returned, contents: nil)
                    continuer.waitUntilExit()
                }
                done.resume(returning: stopped)
            }.start()
        }
        #expect(stopped.count == 5)
        for (round, seconds) in stopped.enumerated() {
            #expect(
                seconds > 0.08,
                "round \(round + 1): the thread that stopped the process ran on before the process was continued")
        }
    }

    /// Seconds on the monotonic clock (vDSO: no system call).
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
