import Foundation
import Testing

/// Text snapshots stored next to the tests (Snapshots/NAME.txt). A missing snapshot is recorded and the test
/// fails once; `GOLIVE_RECORD_SNAPSHOTS=1 swift test …` re-records them all after an intended change.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots")

    static var recording: Bool { ProcessInfo.processInfo.environment["GOLIVE_RECORD_SNAPSHOTS"] == "1" }

    static func expect(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = folder.appendingPathComponent(name + ".txt")
        let text = actual.hasSuffix("\n") ? actual : actual + "\n"
        let stored = try? String(contentsOf: file, encoding: .utf8)
        if recording || stored == nil {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? text.write(to: file, atomically: true, encoding: .utf8)
            if stored == nil && !recording {
                Issue.record(
                    "Recorded a new snapshot \(name).txt; check it and run again.", sourceLocation: sourceLocation)
            }
            return
        }
        guard let stored, stored != text else { return }
        let expectedLines = stored.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first =
            zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        let expectedLine = first < expectedLines.count ? String(expectedLines[first]) : "<end>"
        let actualLine = first < actualLines.count ? String(actualLines[first]) : "<end>"
        try? text.write(to: folder.appendingPathComponent(name + ".actual.txt"), atomically: true, encoding: .utf8)
        Issue.record(
            """
            Snapshot \(name).txt differs at line \(first + 1):
              expected: \(expectedLine)
              actual:   \(actualLine)
            (the whole screen is in Snapshots/\(name).actual.txt; GOLIVE_RECORD_SNAPSHOTS=1 re-records)
            """, sourceLocation: sourceLocation)
    }
}
