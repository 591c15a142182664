import Foundation
public import GoLiveCore
import PostgresNIO

/// The walkthrough's table (issue 9), as in SQLite (`SQLiteStore+Walkthrough.swift`): where each seller's
/// walkthrough stands, so quitting and coming back resumes it (from any machine).
extension PostgresStore: WalkthroughStore {
    static var walkthroughMigrations: [PostgresMigration] {
        [
            PostgresMigration(
                "walkthrough v1: progress per seller",
                [
                    """
                    CREATE TABLE walkthrough (
                      seller text PRIMARY KEY, current_step text NOT NULL, visited text NOT NULL,
                      completed text NOT NULL, started_at double precision NOT NULL,
                      updated_at double precision NOT NULL)
                    """
                ])
        ]
    }

    public func saveWalkthroughProgress(_ progress: WalkthroughProgress) async throws {
        let visited = progress.visited.joined(separator: ",")
        let completed = progress.completed.joined(separator: ",")
        try await write("saving walkthrough progress") { connection in
            try await connection.query(
                """
                INSERT INTO walkthrough (seller, current_step, visited, completed, started_at, updated_at)
                VALUES (\(progress.seller), \(progress.currentStep), \(visited), \(completed),
                        \(progress.startedAt.storedSeconds), \(progress.updatedAt.storedSeconds))
                ON CONFLICT (seller) DO UPDATE SET
                  current_step = excluded.current_step, visited = excluded.visited,
                  completed = excluded.completed, updated_at = excluded.updated_at
                """, logger: Self.quiet)
        }
    }

    public func walkthroughProgress(seller: String) async throws -> WalkthroughProgress? {
        try await read("reading walkthrough progress") { connection in
            let rows = try await connection.query(
                """
                SELECT seller, current_step, visited, completed, started_at, updated_at FROM walkthrough
                WHERE seller = \(seller)
                """, logger: Self.quiet)
            for try await (seller, step, visited, completed, startedAt, updatedAt) in rows.decode(
                (String, String, String, String, Double, Double).self)
            {
                return WalkthroughProgress(
                    seller: seller, currentStep: step, visited: Self.splitSteps(visited),
                    completed: Self.splitSteps(completed), startedAt: Date(storedSeconds: startedAt),
                    updatedAt: Date(storedSeconds: updatedAt))
            }
            return nil
        }
    }

    private static func splitSteps(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}
