import Foundation
public import GoLiveCore
package import PostgresNIO

extension PostgresStore: GoLiveStore {
    public func saveSeller(_ seller: SellerRecord) async throws {
        try await write("saving seller \(seller.name)") { connection in
            try await connection.query(
                """
                INSERT INTO seller (name, user_id, nickname, site_id, environment, updated_at)
                VALUES (\(seller.name), \(seller.userID), \(seller.nickname), \(seller.siteID), \(seller.environment),
                        \(seller.updatedAt.storedSeconds))
                ON CONFLICT (name) DO UPDATE SET user_id = excluded.user_id, nickname = excluded.nickname,
                  site_id = excluded.site_id, environment = excluded.environment, updated_at = excluded.updated_at
                """, logger: Self.quiet)
        }
    }

    public func sellers() async throws -> [SellerRecord] {
        try await read("reading sellers") { connection in
            var sellers: [SellerRecord] = []
            let rows = try await connection.query(
                "SELECT name, user_id, nickname, site_id, environment, updated_at FROM seller ORDER BY name",
                logger: Self.quiet)
            for try await (name, userID, nickname, siteID, environment, updatedAt) in rows.decode(
                (String, Int64?, String?, String?, String?, Double).self)
            {
                sellers.append(
                    SellerRecord(
                        name: name, userID: userID, nickname: nickname, siteID: siteID, environment: environment,
                        updatedAt: Date(storedSeconds: updatedAt)))
            }
            return sellers
        }
    }

    public func recordCheckResults(_ results: [CheckResult], seller: String, sellerID: Int64?) async throws {
        let encoder = JSONEncoder.goLive(pretty: false)
        let rows = try results.map { result in
            (
                id: result.id.rawValue, status: result.status.rawValue, at: result.checkedAt.storedSeconds,
                document: String(decoding: try encoder.encode(result), as: UTF8.self)
            )
        }
        try await write("recording check results") { connection in
            for row in rows {
                try await connection.query(
                    """
                    INSERT INTO check_result (seller, seller_id, check_id, status, checked_at, document)
                    VALUES (\(seller), \(sellerID), \(row.id), \(row.status), \(row.at), \(row.document))
                    """, logger: Self.quiet)
            }
        }
    }

    public func latestCheckResults(seller: String) async throws -> [CheckResult] {
        let documents = try await read("reading check results") { connection in
            try await connection.query(
                """
                SELECT DISTINCT ON (check_id) document FROM check_result WHERE seller = \(seller)
                ORDER BY check_id, checked_at DESC, seq DESC
                """, logger: Self.quiet
            ).collectStrings()
        }
        return try documents.map(Self.decodeCheckResult)
    }

    public func checkHistory(_ id: CheckID, seller: String, limit: Int) async throws -> [CheckResult] {
        let documents = try await read("reading check history") { connection in
            try await connection.query(
                """
                SELECT document FROM check_result WHERE seller = \(seller) AND check_id = \(id.rawValue)
                ORDER BY checked_at DESC, seq DESC LIMIT \(limit)
                """, logger: Self.quiet
            ).collectStrings()
        }
        return try documents.map(Self.decodeCheckResult)
    }

    static func decodeCheckResult(_ document: String) throws -> CheckResult {
        do {
            return try JSONDecoder.goLive().decode(CheckResult.self, from: Data(document.utf8))
        } catch {
            throw GoLiveError(
                .storeCorrupt, "A stored check result could not be read back: \(error.localizedDescription).",
                remedy: "The database may have been written by a newer golive; upgrade golive.")
        }
    }
}

extension PostgresRowSequence {
    /// The first column of every row, as text.
    package func collectStrings() async throws -> [String] {
        var values: [String] = []
        for try await value in decode(String.self) { values.append(value) }
        return values
    }
}
