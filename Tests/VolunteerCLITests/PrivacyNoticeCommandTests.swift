import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// Privacy notices are records: added with an address, listed newest first,
/// never changed, and named by every application.
@Suite struct PrivacyNoticeCommandTests {
    @Test func recordsNoticesAndRefusesBadOnesClearly() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                let env = ["DATABASE_URL": settings.url]
                func vtrack(_ arguments: String...) async throws -> BinaryRun {
                    try await BinaryRunner.run("vtrack", arguments, environment: env)
                }
                let added = try await vtrack("privacy-notice", "add", "2026-01", "--url", "https://example.org/privacy/2026-01")
                #expect(added.status == 0, "\(added.standardError)")
                #expect(added.standardOutput.contains("recorded privacy notice 2026-01"))
                #expect(try await vtrack("privacy-notice", "add", "2026-12", "--url", "https://example.org/privacy/2026-12").status == 0)

                let again = try await vtrack("privacy-notice", "add", "2026-01", "--url", "https://example.org/other")
                #expect(
                    again.status == 1 && again.standardError.contains("privacy notice 2026-01 already exists"), "\(again.standardError)")
                let badVersion = try await vtrack("privacy-notice", "add", "2026/01", "--url", "https://example.org/p")
                #expect(badVersion.status == 65 && badVersion.standardError.contains("VERSION"), "\(badVersion.standardError)")
                let badURL = try await vtrack("privacy-notice", "add", "2027-01", "--url", "ftp://example.org/p")
                #expect(badURL.status == 65 && badURL.standardError.contains("--url"), "\(badURL.standardError)")
                let spaced = try await vtrack("privacy-notice", "add", "2027-01", "--url", "https://example.org/a b")
                #expect(spaced.status == 65)

                let list = try await vtrack("privacy-notice", "list", "--json")
                let notices = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
                #expect(notices.compactMap { $0["version"] as? String } == ["2026-12", "2026-01"], "newest first")
                #expect(notices.first?["url"] as? String == "https://example.org/privacy/2026-12")
                let table = try await vtrack("privacy-notice", "list")
                #expect(table.standardOutput.contains("https://example.org/privacy/2026-01"))

                let events = try await test.values(
                    "SELECT payload->>'version' FROM events WHERE event_type = 'privacy_notice.added' ORDER BY seq")
                #expect(events == ["2026-01", "2026-12"])
            }
        }
    }

    /// What someone accepted stays what it was, whatever SQL a coordinator sends.
    @Test func aNoticeCannotBeChangedOrRemoved() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                    _ = try await PrivacyNoticeRepository(database: database).add(version: "2026-01", url: "https://example.org/p")
                    for statement in [
                        "UPDATE privacy_notices SET url = 'https://evil.example/p'", "DELETE FROM privacy_notices",
                        "INSERT INTO privacy_notices (version, url, added_at) VALUES ('2025-01', 'https://example.org/p', '2025-01-01')",
                    ] {
                        await #expect(throws: (any Error).self, "\(statement)") {
                            try await database.write(PostgresQuery(unsafeSQL: statement))
                        }
                    }
                }
            }
            #expect(
                await (try? test.superuser("UPDATE privacy_notices SET url = 'https://evil.example/p'")) == nil,
                "not even the schema's owner")
        }
    }
}
