public import Foundation

/// `golive store migrate | backup | purge` (issue 11, "Data"): what every store implementation offers the
/// operator. SQLite implements it in `StoreSQLite`; a PostgreSQL store will implement the same protocol (its
/// backup being `pg_dump`'s business, it may refuse `backup` with a remedy).
public protocol StoreMaintenance: Sendable {
    /// Applies the migrations this build knows; returns the ones applied now (empty when up to date).
    func migrate() async throws -> MigrationSummary
    /// The migrations recorded as applied in the store, in order (issue 10: the same on every store).
    func appliedMigrations() async throws -> [String]
    /// A consistent copy of the store, taken while other processes keep writing. A store that cannot copy itself
    /// to a file (PostgreSQL: that is `pg_dump`'s business) throws `store.unsupported` with the tool to use.
    func backup(to destination: String, force: Bool) async throws -> BackupSummary
    /// Retention: payer data scrubbed from old rows, then old rows deleted (see ``RetentionPolicy``).
    func purge(_ policy: RetentionPolicy, dryRun: Bool) async throws -> PurgeSummary
}

public struct MigrationSummary: Sendable, Hashable, Codable {
    public var store: String
    /// Every migration this build knows, in order.
    public var known: [String]
    /// Applied by this call.
    public var applied: [String]

    public init(store: String, known: [String], applied: [String]) {
        self.store = store
        self.known = known
        self.applied = applied
    }
}

/// What a backup wrote and how it was checked.
public struct BackupSummary: Sendable, Hashable, Codable {
    public struct Table: Sendable, Hashable, Codable {
        public var name: String
        public var rows: Int
        public init(name: String, rows: Int) {
            self.name = name
            self.rows = rows
        }
    }

    public var source: String
    public var destination: String
    public var bytes: Int64
    /// `ok` when SQLite's integrity check found nothing.
    public var integrity: String
    /// The newest migration the copy carries (its schema version).
    public var schemaVersion: String?
    public var tables: [Table]
    public var startedAt: Date
    public var elapsedMilliseconds: Int

    enum CodingKeys: String, CodingKey {
        case source, destination, bytes, integrity, tables
        case schemaVersion = "schema_version"
        case startedAt = "started_at"
        case elapsedMilliseconds = "elapsed_ms"
    }

    public init(
        source: String, destination: String, bytes: Int64, integrity: String, schemaVersion: String?,
        tables: [Table], startedAt: Date, elapsedMilliseconds: Int
    ) {
        self.source = source
        self.destination = destination
        self.bytes = bytes
        self.integrity = integrity
        self.schemaVersion = schemaVersion
        self.tables = tables
        self.startedAt = startedAt
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}

/// Retention: payer data first. Rows older than ``scrubAfterDays`` lose their payer personal data (the facts —
/// ids, statuses, amounts, dates — stay for reconciliation and readiness); rows older than ``deleteAfterDays``
/// are deleted, except notifications whose processing is still `pending` or `failed` (and anything another
/// requirement still needs to deliver), and the newest check result of each check and the newest quality
/// measurement of each seller (readiness reads them).
public struct RetentionPolicy: Sendable, Hashable, Codable {
    public var scrubAfterDays: Int
    public var deleteAfterDays: Int
    /// The time the horizons are counted back from.
    public var now: Date

    /// `deleteAfterDays` defaults to twice `scrubAfterDays`.
    public init(scrubAfterDays: Int, deleteAfterDays: Int? = nil, now: Date) throws {
        guard scrubAfterDays >= 1 else {
            throw GoLiveError(
                .usage, "--older-than must be at least 1 day (got \(scrubAfterDays)).",
                remedy: "Give the number of days of payer data to keep, e.g. --older-than 90.")
        }
        let delete = deleteAfterDays ?? scrubAfterDays * 2
        guard delete >= scrubAfterDays else {
            throw GoLiveError(
                .usage, "--delete-after (\(delete) days) is shorter than --older-than (\(scrubAfterDays) days).",
                remedy: "Rows are scrubbed first and deleted later: give --delete-after ≥ --older-than.")
        }
        self.scrubAfterDays = scrubAfterDays
        self.deleteAfterDays = delete
        self.now = now
    }

    public var scrubBefore: Date { now.addingTimeInterval(-Double(scrubAfterDays) * 86_400) }
    public var deleteBefore: Date { now.addingTimeInterval(-Double(deleteAfterDays) * 86_400) }

    enum CodingKeys: String, CodingKey {
        case scrubAfterDays = "older_than_days"
        case deleteAfterDays = "delete_after_days"
        case now
    }
}

/// What a purge did (or, with `--dry-run`, would do), per table.
public struct PurgeSummary: Sendable, Hashable, Codable {
    public struct Table: Sendable, Hashable, Codable {
        public var name: String
        /// Rows whose payer data was (or would be) masked or dropped.
        public var scrubbed: Int
        public var deleted: Int
        /// Old rows kept on purpose (pending or failed processing, undelivered forwards, newest results).
        public var kept: Int

        public init(name: String, scrubbed: Int = 0, deleted: Int = 0, kept: Int = 0) {
            self.name = name
            self.scrubbed = scrubbed
            self.deleted = deleted
            self.kept = kept
        }
    }

    public var policy: RetentionPolicy
    public var dryRun: Bool
    public var tables: [Table]
    /// Pages SQLite keeps free after the deletes (reused by later writes; `VACUUM` with serve stopped returns
    /// them to the file system).
    public var freePages: Int
    public var pageSize: Int
    public var elapsedMilliseconds: Int

    public init(
        policy: RetentionPolicy, dryRun: Bool, tables: [Table], freePages: Int, pageSize: Int,
        elapsedMilliseconds: Int
    ) {
        self.policy = policy
        self.dryRun = dryRun
        self.tables = tables
        self.freePages = freePages
        self.pageSize = pageSize
        self.elapsedMilliseconds = elapsedMilliseconds
    }

    public var scrubbed: Int { tables.reduce(0) { $0 + $1.scrubbed } }
    public var deleted: Int { tables.reduce(0) { $0 + $1.deleted } }

    enum CodingKeys: String, CodingKey {
        case policy, tables
        case dryRun = "dry_run"
        case freePages = "free_pages"
        case pageSize = "page_size"
        case elapsedMilliseconds = "elapsed_ms"
    }
}

/// The config's `retention:` section: `golive serve` purges on its own, every ``every`` (issue 11).
public struct RetentionSettings: Sendable, Hashable {
    public var olderThanDays: Int
    /// nil: twice ``olderThanDays``.
    public var deleteAfterDays: Int?
    public var every: Duration

    public init(olderThanDays: Int, deleteAfterDays: Int? = nil, every: Duration = .seconds(86_400)) {
        self.olderThanDays = olderThanDays
        self.deleteAfterDays = deleteAfterDays
        self.every = every
    }

    /// The policy for a purge now (validated as `store purge`'s options are).
    public func policy(now: Date) throws -> RetentionPolicy {
        try RetentionPolicy(scrubAfterDays: olderThanDays, deleteAfterDays: deleteAfterDays, now: now)
    }
}
