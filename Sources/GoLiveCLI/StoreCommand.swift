import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite

/// `golive store migrate | backup FILE | purge --older-than DAYS` (issue 11, "Data"): the operator's tools for the
/// store. They talk to the store through ``StoreMaintenance`` (SQLite today; PostgreSQL brings its own).
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Migrate, back up and purge golive's store.",
        discussion: """
            Every command works while `golive serve` runs (SQLite: WAL readers, short write transactions, a \
            busy timeout). See docs/OPERATIONS.md for backup, restore and retention.
            """,
        subcommands: [StoreMigrateCommand.self, StoreBackupCommand.self, StorePurgeCommand.self])

    /// The store as the maintenance protocol, from the usual --store / GOLIVE_STORE / config.
    static func open(_ global: GlobalOptions) throws -> (any StoreMaintenance, StoreLocation) {
        let settings = try SettingsResolver().resolve(global.commandLine)
        return (try Session.openStore(settings.store), settings.store)
    }

    static func printJSON(_ value: some Encodable) throws {
        print(String(decoding: try JSONEncoder.goLive().encode(value), as: UTF8.self))
    }

    static func bytes(_ count: Int64) -> String {
        ByteCountFormatter.string(fromByteCount: count, countStyle: .file)
    }

    static func table(_ rows: [(String, String)]) -> [String] {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
    }
}

struct StoreMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the store's schema (every command also does this for SQLite; harmless to repeat).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON on stdout.") var json = false

    func run() async throws {
        let settings = try SettingsResolver().resolve(global.commandLine)
        if case .postgres(let url) = settings.store {  // issue 10: under the advisory lock
            return try report(try await PostgresSession.migrate(url: url))
        }
        var pending: [String] = []
        if case .sqlite(let path) = settings.store { pending = try SQLiteStore.pendingMigrations(path: path) }
        let store: any StoreMaintenance = try Session.openStore(settings.store)
        var summary = try await store.migrate()
        // Opening a SQLite store already applied what was pending: report those as applied by this command.
        summary.applied = pending.isEmpty ? summary.applied : pending
        try report(summary)
    }

    func report(_ summary: MigrationSummary) throws {
        if json {
            try StoreCommand.printJSON(summary)
        } else if summary.applied.isEmpty {
            print("The store \(summary.store) is up to date (\(summary.known.count) migrations).")
        } else {
            print("Migrated \(summary.store): applied \(summary.applied.count) of \(summary.known.count) migrations.")
            for name in summary.applied { print("  + \(name)") }
        }
    }
}

struct StoreBackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract:
            "Copy the store to FILE, consistent while `golive serve` writes (SQLite: online backup; PostgreSQL: pg_dump).",
        discussion: """
            The copy is written to a temporary file (mode 0600: it holds payer data) beside FILE, checked \
            (integrity_check, schema version), flushed to disk and renamed to FILE. An existing FILE is \
            replaced only with --force. Restore: stop serve, copy FILE over the store, run `golive store migrate`.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file to write.") var file: String
    @Flag(help: "Replace FILE if it exists.") var force = false
    @Flag(help: "Print JSON on stdout.") var json = false

    func run() async throws {
        let (store, _) = try StoreCommand.open(global)
        let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        let summary = try await store.backup(to: path, force: force)
        if json {
            try StoreCommand.printJSON(summary)
            return
        }
        print(
            "Backed up \(summary.source) to \(summary.destination) (\(StoreCommand.bytes(summary.bytes))) in "
                + "\(summary.elapsedMilliseconds) ms: integrity \(summary.integrity), schema "
                + "\"\(summary.schemaVersion ?? "none")\".")
        for line in StoreCommand.table(summary.tables.map { ($0.name, "\($0.rows) rows") }) { print(line) }
    }
}

struct StorePurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Retention: scrub payer data from rows older than DAYS, delete rows older than --delete-after.",
        discussion: """
            Payer data first: notification bodies are reduced to their facts (ids, topic, action, dates, mode) and \
            stored documents lose e-mails, identification numbers, names, phones and addresses; statuses, \
            amounts and ids stay for reconciliation. Then rows older than --delete-after (default twice DAYS) are \
            deleted, except notifications still pending or failed (or referenced by a delivery not yet done) and \
            the newest result of each check. Short transactions: safe while `golive serve` runs.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("older-than"), help: "Scrub payer data from rows older than this many days.")
    var olderThan: Int
    @Option(name: .customLong("delete-after"), help: "Delete rows older than this many days (default: 2 × DAYS).")
    var deleteAfter: Int?
    @Flag(name: .customLong("dry-run"), help: "Count what would change; change nothing.") var dryRun = false
    @Flag(help: "Print JSON on stdout.") var json = false

    func validate() throws {
        do {
            _ = try RetentionPolicy(scrubAfterDays: olderThan, deleteAfterDays: deleteAfter, now: Date())
        } catch let error as GoLiveError {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let (store, _) = try StoreCommand.open(global)
        let policy = try RetentionPolicy(scrubAfterDays: olderThan, deleteAfterDays: deleteAfter, now: Date())
        let summary = try await store.purge(policy, dryRun: dryRun)
        if json {
            try StoreCommand.printJSON(summary)
            return
        }
        let verb = dryRun ? "Would scrub" : "Scrubbed"
        print(
            "\(verb) payer data from \(summary.scrubbed) rows older than \(policy.scrubAfterDays) days; "
                + "\(dryRun ? "would delete" : "deleted") \(summary.deleted) rows older than "
                + "\(policy.deleteAfterDays) days (\(summary.elapsedMilliseconds) ms).")
        for line in StoreCommand.table(
            summary.tables.map { ($0.name, "scrubbed \($0.scrubbed), deleted \($0.deleted), kept \($0.kept)") })
        {
            print(line)
        }
        if !dryRun, summary.deleted > 0, summary.freePages > 0 {
            let free = StoreCommand.bytes(Int64(summary.freePages) * Int64(summary.pageSize))
            print(
                "\(free) are free inside the file and reused by new rows; to shrink the file, stop serve and run "
                    + "`sqlite3 STORE 'VACUUM'` (docs/OPERATIONS.md).")
        }
    }
}
