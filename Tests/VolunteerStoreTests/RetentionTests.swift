import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// The retention policy: who is due, erasure exactly once, the policy's
/// audit trail, and what each role may do with raw SQL.
@Suite struct RetentionTests {
    @Test func erasesExactlyWhoIsDueAndNobodyEarlyOrStillEngaged() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                // Room for every volunteer below: a full position would take no more applications.
                let position = try await Fixtures.openPosition(database, openings: 100)
                func applicant(_ standing: RetentionFixture.Standing) async throws -> UUID {
                    try await RetentionFixture.applicant(test, database, standing)
                }
                let due: Set<UUID> = [
                    try await applicant(.rejected(.notAFit, daysAgo: 181)),
                    try await applicant(.withdrawn(daysAgo: 181)),
                    try await applicant(.rejected(.noResponse, daysAgo: 181)),
                    try await applicant(.alumni(daysAgo: 731)),
                ]
                var kept: Set<UUID> = [
                    try await applicant(.rejected(.notAFit, daysAgo: 179)),
                    try await applicant(.withdrawn(daysAgo: 179)),
                    try await applicant(.rejected(.noResponse, daysAgo: 179)),
                    try await applicant(.alumni(daysAgo: 729)),
                    try await applicant(.open),
                    try await applicant(.volunteer(.onboarding)),
                    try await applicant(.volunteer(.active)),
                    try await applicant(.volunteer(.paused)),
                ]
                // Long past one outcome, but another application is open, or ended lately.
                let alsoOpen = try await applicant(.rejected(.notAFit, daysAgo: 400))
                try await RetentionFixture.secondApplication(test, applicant: alsoOpen, position: position.id)
                let alsoRecent = try await applicant(.rejected(.notAFit, daysAgo: 400))
                try await RetentionFixture.secondApplication(
                    test, applicant: alsoRecent, position: position.id,
                    moves: "UPDATE applications SET status = 'withdrawn' WHERE id = '$ID'",
                    "UPDATE applications SET decided_at = now() - interval '10 days' WHERE id = '$ID'")
                kept.formUnion([alsoOpen, alsoRecent])
                let openApplications = try await test.values("SELECT count(*)::text FROM applications WHERE status = 'submitted'")

                let retention = RetentionRepository(database: database)
                let counts = try await retention.dryRun()
                #expect(counts.map(\.outcome).sorted { $0.rawValue < $1.rawValue } == [.alumni, .rejected, .unanswered, .withdrawn])
                #expect(counts.allSatisfy { $0.applicants == 1 })
                #expect(counts.first { $0.outcome == .alumni }?.age == "2 to 5 years")
                #expect(counts.first { $0.outcome == .rejected }?.age == "under 1 year")

                #expect(try await retention.eraseDue(batchSize: 2) == 4)
                #expect(try await RetentionFixture.erased(test) == due)
                #expect(Set(try await RetentionFixture.retentionEvents(test)) == due)
                let stillSealed = try await test.values("SELECT applicant_id::text FROM applicant_personal_data")
                #expect(Set(stillSealed.compactMap { $0.flatMap(UUID.init) }) == kept)
                #expect(try await test.values("SELECT count(*)::text FROM applications WHERE status = 'submitted'") == openApplications)
                let engaged = try await test.values("SELECT status::text FROM volunteers WHERE status <> 'alumni' ORDER BY status")
                #expect(engaged == ["active", "onboarding", "paused"])

                #expect(try await retention.eraseDue() == 0)
                #expect(try await retention.dryRun().isEmpty)
                #expect(try await RetentionFixture.retentionEvents(test).count == 4)
            }
        }
    }

    @Test func concurrentRunsEraseEachDueApplicantExactlyOnce() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                var due: Set<UUID> = []
                for _ in 0..<24 { due.insert(try await RetentionFixture.applicant(test, database, .withdrawn(daysAgo: 200))) }
                let retention = RetentionRepository(database: database)
                let totals = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<4 { group.addTask { try await retention.eraseDue(batchSize: 2) } }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(totals.reduce(0, +) == 24)
                let events = try await RetentionFixture.retentionEvents(test)
                #expect(events.count == 24)
                #expect(Set(events) == due)
            }
        }
    }

    @Test func aPolicyChangeIsAnEventByItsCoordinator() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, login in
                let retention = RetentionRepository(database: database)
                #expect(
                    try await retention.policy().map { "\($0.outcome.rawValue) \($0.days)" }
                        == ["rejected 180", "unanswered 180", "withdrawn 180", "alumni 730"])
                #expect(try await retention.setPeriod(.alumni, days: 365) == 730)
                await #expect(throws: ValidationFailure.self) { try await retention.setPeriod(.rejected, days: 0) }
                let event = try await test.values(
                    """
                    SELECT concat_ws(' ', actor, from_state, to_state, payload->>'outcome', payload->>'from_days', payload->>'to_days')
                    FROM events WHERE event_type = 'retention_policy.changed'
                    """)
                #expect(event == ["\(login) 730 365 alumni 730 365"])
                #expect(try await retention.policy().first { $0.outcome == .alumni }?.days == 365)
            }
        }
    }

    @Test func aCoordinatorWithSQLChangesOnlyTheDaysAndErasesOnlyWhoIsDue() async throws {
        try await TestDatabase.withMigrated { test in
            let applicant = try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                return try await RetentionFixture.applicant(test, database, .open)
            }
            try await HostileInsiderTests.asRole(test, in: "vtrack_coordinator") { connection, _ in
                for sql in [
                    "UPDATE retention_periods SET outcome = 'spam' WHERE outcome = 'alumni'",
                    "UPDATE retention_periods SET changed_at = now() - interval '1 year'",
                    "INSERT INTO retention_periods (outcome, days) VALUES ('duplicate', 1)",
                    "DELETE FROM retention_periods",
                    "SELECT vtrack_erase_applicant('\(applicant)', 'retention')",
                    "SELECT count(*) FROM retention_due",
                    "UPDATE volunteers SET left_at = now() - interval '9 years'",
                ] {
                    await HostileInsiderTests.expectRefused(connection, sql, "42501")
                }
                await HostileInsiderTests.expectRefused(connection, "UPDATE retention_periods SET days = 0", "23514")
                // Allowed, and erases nobody: the open application is never due.
                _ = try await HostileInsiderTests.run(connection, "UPDATE retention_periods SET days = 1")
                _ = try await HostileInsiderTests.run(connection, "SELECT * FROM erase_due_applicants(100)")
                #expect(try await HostileInsiderTests.run(connection, "SELECT * FROM retention_dry_run()").isEmpty)
            }
            #expect(try await HostileInsiderTests.eventCount(test, "retention_policy.changed") == 4)
            #expect(try await RetentionFixture.erased(test).isEmpty)
        }
    }

    @Test func theServersLoginErasesWhoIsDueButCannotChangeThePolicy() async throws {
        try await TestDatabase.withMigrated { test in
            let due = try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                return try await RetentionFixture.applicant(test, database, .rejected(.spam, daysAgo: 365))
            }
            try await HostileInsiderTests.asRole(test, in: "vtrack_api") { connection, _ in
                for sql in [
                    "UPDATE retention_periods SET days = 1",
                    "SELECT * FROM retention_periods",
                    "SELECT * FROM retention_dry_run()",
                    "SELECT vtrack_erase_applicant('\(due)', 'retention')",
                ] {
                    await HostileInsiderTests.expectRefused(connection, sql, "42501")
                }
                let erased = try await HostileInsiderTests.run(connection, "SELECT erased FROM erase_due_applicants(10)")
                #expect(try erased[0].decode(Int.self) == 1)
            }
            #expect(try await RetentionFixture.erased(test) == [due])
        }
    }
}
