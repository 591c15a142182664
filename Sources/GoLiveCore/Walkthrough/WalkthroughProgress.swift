public import Foundation

/// Where a seller's go-live walkthrough stands (issue 9): the step on screen, the steps read and the steps
/// found done. Steps are kept by id (`credentials`, `ssl`, …, `summary`), so a reordering never misplaces them.
public struct WalkthroughProgress: Sendable, Hashable, Codable {
    /// The seller's name in golive's configuration.
    public var seller: String
    /// The id of the step on screen when the walkthrough was last left.
    public var currentStep: String
    /// Steps opened at least once.
    public var visited: [String]
    /// Steps whose checks were all passing (or signed off) when last seen.
    public var completed: [String]
    public var startedAt: Date
    public var updatedAt: Date

    public init(
        seller: String, currentStep: String, visited: [String] = [], completed: [String] = [], startedAt: Date,
        updatedAt: Date
    ) {
        self.seller = seller
        self.currentStep = currentStep
        self.visited = visited
        self.completed = completed
        self.startedAt = startedAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case seller, visited, completed
        case currentStep = "current_step"
        case startedAt = "started_at"
        case updatedAt = "updated_at"
    }
}

/// Where walkthrough progress is kept, one row per seller (the SQLite store: `SQLiteStore+Walkthrough.swift`).
public protocol WalkthroughStore: Sendable {
    /// Replaces the seller's progress (keeping the first `startedAt`).
    func saveWalkthroughProgress(_ progress: WalkthroughProgress) async throws
    /// The seller's progress, nil before the walkthrough was ever opened.
    func walkthroughProgress(seller: String) async throws -> WalkthroughProgress?
}
