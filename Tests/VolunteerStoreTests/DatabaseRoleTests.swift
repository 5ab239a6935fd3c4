import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// What each run-time role may not do, proven against PostgreSQL.
@Suite struct DatabaseRoleTests {
    static func expectDenied(
        _ database: Database, _ sql: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        do {
            _ = try await database.client.query(PostgresQuery(unsafeSQL: sql), logger: database.logger).collect()
            Issue.record("allowed: \(sql)", sourceLocation: sourceLocation)
        } catch let error as PSQLError {
            let state = error.serverInfo?[.sqlState]
            #expect(state == "42501" || state == "VT003", "\(sql): \(state ?? "no state")", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(sql): \(error)", sourceLocation: sourceLocation)
        }
    }

    /// A migrated database with an open and a draft position and one sealed application.
    static func withPipeline(_ body: @escaping @Sendable (TestDatabase, Application) async throws -> Void) async throws {
        try await TestDatabase.withMigrated { test in
            let application = try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                _ = try await PositionRepository(database: database).create(NewPosition(slug: "draft-one", title: "Draft", team: "T"))
                return try await Fixtures.application(database)
            }
            try await body(test, application)
        }
    }

    @Test func theServersRoleCanAddButNeverReadBack() async throws {
        try await Self.withPipeline { test, application in
            try await test.withRole(in: "vtrack_api") { settings in
                try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                    let visible = try await database.client.query("SELECT slug FROM positions ORDER BY slug", logger: database.logger)
                        .collect().map { try $0.decode(String.self) }
                    #expect(visible == ["editor"], "only open positions")
                    #expect(try await KeyRepository(database: database).recipients().count == 1)
                    for sql in [
                        "SELECT sealed FROM applicant_personal_data",
                        "SELECT applicant_id FROM applicant_personal_data",
                        "SELECT * FROM applicant_keys",
                        "SELECT * FROM applicant_notes",
                        "SELECT * FROM applicants",
                        "SELECT * FROM applications",
                        "SELECT * FROM events",
                        "SELECT * FROM event_chain",
                        "SELECT registered_by FROM coordinator_keys",
                        "SELECT * FROM reveal_personal_data(gen_random_uuid())",
                        "SELECT request_reveal('personal_data', ARRAY['\(application.applicantID)']::uuid[], gen_random_uuid())",
                        "UPDATE events SET actor = 'x'",
                        "DELETE FROM events",
                        "TRUNCATE events",
                        "UPDATE applications SET status = 'accepted'",
                        "DELETE FROM applicant_personal_data",
                        "UPDATE positions SET title = 'x'",
                        "INSERT INTO coordinator_keys (name, public_key, fingerprint) VALUES ('evil', '\\x00', 'x')",
                        "INSERT INTO positions (slug, title, team) VALUES ('x', 'x', 'x')",
                        "INSERT INTO event_chain (position, seq, hash) VALUES (1, 1, '\\x00')",
                    ] {
                        await Self.expectDenied(database, sql)
                    }
                    let submitted = try await ApplicationRepository(database: database).submit(
                        TestSealing.newApplication(database)
                    )
                    #expect(submitted.status == .submitted)
                    await #expect(throws: DomainError.notFound(entity: "position", id: "draft-one")) {
                        try await ApplicationRepository(database: database).submit(
                            TestSealing.newApplication(database, position: "draft-one"))
                    }
                }
            }
            #expect(try await test.values("SELECT count(*)::text FROM applications") == ["2"])
        }
    }

    @Test func coordinatorsReadSealedDataOnlyThroughReveals() async throws {
        try await Self.withPipeline { test, application in
            try await Fixtures.asCoordinator(test) { database, _ in
                for sql in [
                    "SELECT sealed FROM applicant_personal_data",
                    "SELECT * FROM applicant_personal_data",
                    "SELECT sealed FROM applicant_notes",
                    "UPDATE applicant_personal_data SET sealed = sealed",
                    "UPDATE events SET actor = 'x'",
                    "DELETE FROM events",
                    "DELETE FROM event_chain",
                    "UPDATE coordinator_keys SET name = 'x'",
                    "INSERT INTO coordinators (name) VALUES ('mallory')",
                    "CREATE ROLE mallory_\(UUID().uuidString.prefix(4).lowercased()) LOGIN",
                    "DROP TABLE applicant_personal_data",
                    "ALTER TABLE events DISABLE TRIGGER events_append_only",
                ] {
                    await Self.expectDenied(database, sql)
                }
                let ids = try await database.client.query(
                    "SELECT applicant_id FROM applicant_personal_data", logger: database.logger
                ).collect().map { try $0.decode(UUID.self) }
                #expect(ids == [application.applicantID], "which applicants have sealed data is not itself sealed")
            }
        }
    }

    @Test func neitherRunTimeRoleOwnsAnything() async throws {
        try await Self.withPipeline { test, _ in
            // Direct membership: a superuser owner "has" every role, but is not a member.
            let runTimeOwners = try await test.values(
                """
                SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND (
                    pg_get_userbyid(c.relowner) IN ('vtrack_api', 'vtrack_coordinator')
                    OR EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                               WHERE m.member = c.relowner AND g.rolname IN ('vtrack_api', 'vtrack_coordinator')))
                """
            )
            #expect(runTimeOwners.isEmpty)
            #expect(try await test.values("SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public'") != ["0"])
        }
    }

    @Test func coordinatorsAreAddedAsLoginRolesAndRemovedAgain() async throws {
        try await TestDatabase.withMigrated { test in
            let name = "coord_" + UUID().uuidString.prefix(8).lowercased()
            defer { Task { try? await TestDatabase.clusterSuperuser("DROP ROLE IF EXISTS \(name)") } }
            try await Fixtures.asCoordinatorAdmin(test) { adminSettings in
                let login = try await Database.withDatabase(adminSettings, logger: TestEnvironment.logger) { database in
                    let coordinators = CoordinatorRepository(database: database)
                    let login = try await coordinators.add(name: name)
                    await #expect(throws: DomainError.alreadyExists(entity: "coordinator", key: name)) {
                        try await coordinators.add(name: name)
                    }
                    await #expect(throws: DomainError.self) { try await coordinators.add(name: "Robert'); DROP TABLE x; --") }
                    await #expect(throws: DomainError.self) { try await coordinators.add(name: "vtrack_api") }
                    return login
                }
                #expect(login.password.count == 64)

                var settings = test.settings
                settings.username = name
                settings.password = login.password
                let actor = try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                    _ = try await PositionRepository(database: database).create(NewPosition(slug: "by-new", title: "T", team: "T"))
                    return try await EventLog(database: database).list(.init(entityType: "position")).last?.actor
                }
                #expect(actor == name, "the event log names the coordinator's own role")

                try await Database.withDatabase(adminSettings, logger: TestEnvironment.logger) { database in
                    let coordinators = CoordinatorRepository(database: database)
                    try await coordinators.remove(name: name)
                    await #expect(throws: DomainError.notFound(entity: "active coordinator", id: name)) {
                        try await coordinators.remove(name: name)
                    }
                    #expect(try await coordinators.list().map(\.removedAt).allSatisfy { $0 != nil })
                }
                await #expect(throws: (any Error).self) {
                    try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                        try await database.client.query("SELECT 1", logger: database.logger).collect()
                    }
                }
                let events = try await test.values(
                    "SELECT string_agg(event_type, ',' ORDER BY seq) FROM events WHERE entity_type = 'coordinator'")
                #expect(events == ["coordinator.added,coordinator.removed"])
                try await TestDatabase.clusterSuperuser("DROP ROLE IF EXISTS \(name)")
            }
        }
    }

    @Test func coordinatorsCannotAddCoordinators() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                do {
                    _ = try await CoordinatorRepository(database: database).add(name: "sneaky_\(UUID().uuidString.prefix(6).lowercased())")
                    Issue.record("a coordinator added a coordinator")
                } catch let error as PSQLError {
                    #expect(error.serverInfo?[.sqlState] == "42501")
                }
            }
        }
    }
}
