import Foundation
import MercadoPagoSandbox
import Testing

@Suite("GET /v1/payments/search")
struct SearchTests {
    private func dates(_ reply: Reply, _ key: String) -> [Date] {
        (reply.object["results"] as? [[String: Any]] ?? []).compactMap { parseDate($0.string(key)) }
    }

    @Test("pages with offset and limit cover every payment exactly once, with a consistent total")
    func paging() async throws {
        try await withSandbox { _, client in
            let first = try await client.get("/v1/payments/search", token: Token.production)
            #expect(first.status == 200)
            let paging = try #require(first.object.object("paging"))
            let total = try #require(paging.int("total"))
            #expect(total >= 30)
            #expect(paging.int("limit") == 30)
            #expect(paging.int("offset") == 0)
            #expect((first.object["results"] as? [Any])?.count == 30)

            var seen: [Int] = []
            for offset in stride(from: 0, to: total + 10, by: 7) {
                let page = try await client.get("/v1/payments/search?offset=\(offset)&limit=7", token: Token.production)
                #expect(page.object.object("paging")?.int("total") == total)
                #expect(page.object.object("paging")?.int("offset") == offset)
                #expect(page.object.object("paging")?.int("limit") == 7)
                seen += (page.object["results"] as? [[String: Any]] ?? []).compactMap { $0.int("id") }
            }
            #expect(seen.count == total)
            #expect(Set(seen).count == total)
        }
    }

    @Test("sort and criteria order the results; the default is date_created desc")
    func sortAndCriteria() async throws {
        try await withSandbox { _, client in
            let byDefault = dates(
                try await client.get("/v1/payments/search?limit=100", token: Token.production), "date_created")
            #expect(byDefault.count >= 30)
            #expect(byDefault == byDefault.sorted(by: >))

            let ascending = dates(
                try await client.get(
                    "/v1/payments/search?sort=date_created&criteria=asc&limit=100", token: Token.production),
                "date_created"
            )
            #expect(ascending == byDefault.reversed())

            let updated = try await client.get(
                "/v1/payments/search?sort=date_last_updated&criteria=asc&limit=100", token: Token.production
            )
            let updatedDates = dates(updated, "date_last_updated")
            #expect(updatedDates == updatedDates.sorted())

            // Payments without the sort date come last.
            let approved = try await client.get(
                "/v1/payments/search?sort=date_approved&criteria=desc&limit=100", token: Token.production)
            let results = approved.object["results"] as? [[String: Any]] ?? []
            let firstNull = results.firstIndex { $0["date_approved"] is NSNull } ?? results.count
            #expect(results[firstNull...].allSatisfy { $0["date_approved"] is NSNull })
            let approvedDates = dates(approved, "date_approved")
            #expect(approvedDates == approvedDates.sorted(by: >))
        }
    }

    @Test("range with begin_date/end_date filters, in ISO-8601 and NOW-nDAYS forms")
    func rangeFiltering() async throws {
        try await withSandbox { _, client in
            let all = try await client.get("/v1/payments/search?limit=1000", token: Token.production)
            let total = all.object.object("paging")?.int("total") ?? 0

            let lastWeek = try await client.get(
                "/v1/payments/search?range=date_created&begin_date=NOW-7DAYS&end_date=NOW&limit=1000",
                token: Token.production
            )
            #expect(lastWeek.status == 200)
            let recent = dates(lastWeek, "date_created")
            #expect(!recent.isEmpty)
            #expect(recent.count < total)
            #expect(lastWeek.object.object("paging")?.int("total") == recent.count)
            #expect(recent.allSatisfy { $0 >= fixedNow.addingTimeInterval(-7 * 86_400) && $0 <= fixedNow })

            // The same window written as ISO-8601 with an offset.
            let begin = "2026-01-08T11:30:00.000-04:00"  // fixedNow - 7 days
            let end = "2026-01-15T11:30:00.000-04:00"
            let iso = try await client.get(
                "/v1/payments/search?range=date_created&begin_date=\(begin)&end_date=\(end)&limit=1000",
                token: Token.production
            )
            #expect(iso.status == 200)
            #expect(dates(iso, "date_created") == recent)

            let released = try await client.get(
                "/v1/payments/search?range=money_release_date&begin_date=NOW&end_date=NOW%2B30DAYS&limit=1000",
                token: Token.production
            )
            #expect(dates(released, "money_release_date").allSatisfy { $0 >= fixedNow })
            #expect(!dates(released, "money_release_date").isEmpty)
        }
    }

    @Test("status and external_reference filter the results")
    func filters() async throws {
        try await withSandbox { _, client in
            let rejected = try await client.get(
                "/v1/payments/search?status=rejected&limit=100", token: Token.production)
            let results = rejected.object["results"] as? [[String: Any]] ?? []
            #expect(results.count >= 4)
            #expect(results.allSatisfy { $0.string("status") == "rejected" })

            let reference = try #require(
                try await client.allPayments().compactMap { $0.string("external_reference") }.first
            )
            let byReference = try await client.get(
                "/v1/payments/search?external_reference=\(reference)", token: Token.production)
            let matches = byReference.object["results"] as? [[String: Any]] ?? []
            #expect(!matches.isEmpty)
            #expect(matches.allSatisfy { $0.string("external_reference") == reference })
        }
    }

    @Test(
        "bad parameters get 400 with the documented cause codes",
        arguments: [
            ("sort=amount", 1003), ("criteria=up", 1004), ("range=date_created&begin_date=yesterday", 1001),
            ("range=date_created&end_date=2026-13-01T00:00:00.000-04:00", 1001), ("limit=5000", 1000),
        ]
    )
    func badParameters(query: String, code: Int) async throws {
        try await withSandbox { _, client in
            let reply = try await client.get("/v1/payments/search?\(query)", token: Token.production)
            #expect(reply.status == 400)
            #expect(reply.object.string("error") == "bad_request")
            #expect(reply.object.int("status") == 400)
            #expect(reply.causeCodes == [code])
        }
    }

    @Test("other malformed paging and range values get 400 too", arguments: ["offset=-1", "limit=ten", "range=amount"])
    func otherBadParameters(query: String) async throws {
        try await withSandbox { _, client in
            let reply = try await client.get("/v1/payments/search?\(query)", token: Token.production)
            #expect(reply.status == 400)
            #expect(reply.object.string("error") == "bad_request")
        }
    }
}
