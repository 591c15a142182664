public import Foundation
import GoLiveCore

/// Reading configuration and secret files, behind a seam: as root, `chmod` cannot make a file unreadable,
/// so tests of read failures use a fake.
public protocol FileAccess: Sendable {
    func exists(_ path: String) -> Bool
    /// The permission bits (`0o600`…), or nil when the file cannot be inspected.
    func permissions(of path: String) -> Int?
    func contents(of path: String) throws -> Data
}

public struct LocalFileAccess: FileAccess {
    public init() {}

    public func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    public func permissions(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    public func contents(of path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }
}

extension FileAccess {
    /// Reads a secret from a file the way ssh reads a key: refused when group or others may read it.
    func readSecret(at path: String, setting: String) throws(GoLiveError) -> Secret {
        guard exists(path) else {
            throw GoLiveError(
                .configUnreadable, "\(setting) names \(path), which does not exist.",
                remedy: "Create the file with the credential in it, or fix the path.")
        }
        try refuseUnsafePermissions(path, what: "secret file")
        let data: Data
        do {
            data = try contents(of: path)
        } catch {
            throw GoLiveError(
                .configUnreadable, "Cannot read \(path) (\(setting)): \(error.localizedDescription).",
                remedy: "Check that the file is readable by the user running golive.")
        }
        let secret = Secret(String(decoding: data, as: UTF8.self))
        guard !secret.isEmpty else {
            throw GoLiveError(
                .configInvalid, "\(path) (\(setting)) is empty.", remedy: "Write the credential into the file.")
        }
        return secret
    }

    func refuseUnsafePermissions(_ path: String, what: String) throws(GoLiveError) {
        guard let mode = permissions(of: path) else { return }
        if mode & 0o077 != 0 {
            throw GoLiveError(
                .configUnsafePermissions,
                "Refusing to read the \(what) \(path): it is accessible to group or others (mode "
                    + String(format: "%04o", mode) + ").",
                remedy: "Run: chmod 600 \(path)")
        }
    }
}
