import Foundation
import GRDB
public import GoLiveCore

/// The walkthrough's table (issue 9): where each seller's walkthrough stands, so quitting and coming back
/// resumes it.
extension SQLiteStore: WalkthroughStore {
    static func registerWalkthroughMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("walkthrough v1: progress per seller") { db in
            try db.create(table: "walkthrough") { t in
                t.primaryKey("seller", .text)
                t.column("current_step", .text).notNull()
                t.column("visited", .text).notNull()
                t.column("completed", .text).notNull()
                t.column("started_at", .double).notNull()
                t.column("updated_at", .double).notNull()
            }
        }
    }

    public func saveWalkthroughProgress(_ progress: WalkthroughProgress) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO walkthrough (seller, current_step, visited, completed, started_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (seller) DO UPDATE SET
                      current_step = excluded.current_step, visited = excluded.visited,
                      completed = excluded.completed, updated_at = excluded.updated_at
                    """,
                arguments: [
                    progress.seller, progress.currentStep, Self.joinSteps(progress.visited),
                    Self.joinSteps(progress.completed), progress.startedAt.timeIntervalSince1970,
                    progress.updatedAt.timeIntervalSince1970,
                ])
        }
    }

    public func walkthroughProgress(seller: String) async throws -> WalkthroughProgress? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM walkthrough WHERE seller = ?", arguments: [seller])
            else { return nil }
            return WalkthroughProgress(
                seller: row["seller"], currentStep: row["current_step"],
                visited: Self.splitSteps(row["visited"]), completed: Self.splitSteps(row["completed"]),
                startedAt: Date(timeIntervalSince1970: row["started_at"]),
                updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
        }
    }

    private static func joinSteps(_ steps: [String]) -> String { steps.joined(separator: ",") }

    private static func splitSteps(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}
