import GoLiveCore
import PostgresNIO

extension PostgresStore {
    /// This requirement's tables (see PostgresMigrations.swift); none yet.
    static var notificationMigrations: [PostgresMigration] { [] }
}
