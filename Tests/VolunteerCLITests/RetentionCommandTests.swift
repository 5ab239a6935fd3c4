import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct RetentionCommandTests {
    @Test func showsSetsCountsAndErases() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                let env = ["DATABASE_URL": settings.url]
                func vtrack(_ arguments: String...) async throws -> BinaryRun {
                    try await BinaryRunner.run("vtrack", arguments, environment: env)
                }
                let shown = try await vtrack("retention", "show", "--json")
                #expect(shown.status == 0)
                let periods = try #require(try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [[String: Any]])
                #expect(periods.compactMap { $0["outcome"] as? String } == ["rejected", "unanswered", "withdrawn", "alumni"])
                #expect(periods.compactMap { $0["days"] as? Int } == [180, 180, 180, 730])

                let set = try await vtrack("retention", "set", "withdrawn", "26w")
                #expect(set.status == 0)
                #expect(set.standardOutput.contains("withdrawn: kept 182 days (was 180)"))
                #expect(try await vtrack("retention", "set", "alumni", "365").status == 0)
                #expect(try await vtrack("retention", "show").standardOutput.contains("365"))

                // Two applicants whose applications were withdrawn 200 days ago, one still open.
                try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                    let positions = PositionRepository(database: database)
                    _ = try await positions.create(NewPosition(slug: "editor", title: "Editor", team: "Editorial"))
                    _ = try await positions.move(slug: "editor", to: .open)
                    for _ in 0..<3 {
                        _ = try await ApplicationRepository(database: database).submit(
                            try await TestSealing.newApplication(database, skills: []))
                    }
                }
                try await test.superuser(
                    "UPDATE applicants SET created_at = now() - interval '1 year'",
                    "UPDATE applications SET status = 'withdrawn' WHERE id IN (SELECT id FROM applications ORDER BY id LIMIT 2)",
                    "UPDATE applications SET decided_at = now() - interval '200 days' WHERE status = 'withdrawn'"
                )
                let dry = try await vtrack("retention", "run", "--dry-run", "--json")
                #expect(dry.status == 0)
                let counts = try #require(try JSONSerialization.jsonObject(with: Data(dry.standardOutput.utf8)) as? [[String: Any]])
                #expect(counts.count == 1)
                #expect(counts.first?["outcome"] as? String == "withdrawn")
                #expect(counts.first?["age"] as? String == "under 1 year")
                #expect(counts.first?["applicants"] as? Int == 2)
                #expect(try await vtrack("retention", "run", "--dry-run").standardOutput.contains("2 applicants would be erased now"))
                #expect(try await test.values("SELECT count(*)::text FROM applicants WHERE erased_at IS NOT NULL") == ["0"])

                let run = try await vtrack("retention", "run", "--batch", "1")
                #expect(run.status == 0)
                #expect(run.standardOutput.contains("erased 2 applicants in all"))
                #expect(try await test.values("SELECT count(*)::text FROM applicants WHERE erasure_reason = 'retention'") == ["2"])
                #expect(try await vtrack("retention", "run").standardOutput.contains("erased 0 applicants in all"))
            }
        }
    }

    @Test func badInputIsRefusedWithItsOwnExitCode() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                let env = ["DATABASE_URL": settings.url]
                func vtrack(_ arguments: String...) async throws -> BinaryRun {
                    try await BinaryRunner.run("vtrack", arguments, environment: env)
                }
                for arguments in [
                    ["set", "spam", "180"], ["set", "rejected", "12h"], ["set", "rejected", "soon"], ["run", "--json"],
                    ["run", "--batch", "0"],
                ] {
                    let refused = try await BinaryRunner.run("vtrack", ["retention"] + arguments, environment: env)
                    #expect(refused.status == 64, "\(arguments)")
                    #expect(!refused.standardError.isEmpty)
                }
                let tooLong = try await vtrack("retention", "set", "alumni", "40000d")
                #expect(tooLong.status == 65)
                #expect(tooLong.standardError.contains("PERIOD: must be from 1 to 36500 days"))
                #expect(try await test.values("SELECT count(*)::text FROM events WHERE event_type = 'retention_policy.changed'") == ["0"])
            }
        }
    }

    @Test func theServersLoginMayNotChangeThePolicy() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_api") { settings in
                let refused = try await BinaryRunner.run(
                    "vtrack", ["retention", "set", "alumni", "1"], environment: ["DATABASE_URL": settings.url])
                #expect(refused.status == 77)
                #expect(refused.standardError.contains("permission denied"))
            }
        }
    }
}
