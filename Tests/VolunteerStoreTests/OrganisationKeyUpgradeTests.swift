import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// A database sealed the way vtrack did before the organisation key
/// (migrations up to 0011, a data key wrapped per coordinator key), upgraded:
/// every applicant stays openable at every step, the server keeps sealing
/// the old way until the organisation key exists and is refused once it does.
@Suite struct OrganisationKeyUpgradeTests {
    let alice = CoordinatorPrivateKey.generate()
    let bob = CoordinatorPrivateKey.generate()

    static func migrate(_ test: TestDatabase, through version: Int) async throws {
        let all = try MigrationDirectory.load(TestEnvironment.migrationsDirectory)
        let migrations = try MigrationSet(all.migrations.filter { $0.version <= version })
        try await test.withDatabase { database in
            try await MigrationRunner(migrations: migrations, logger: TestEnvironment.logger).migrate(on: database)
        }
    }

    /// An application sealed as vtrack did up to migration 0011, by the
    /// server's role: the data key wrapped for every registered key, in one
    /// statement (today's statement names a table that 0011 lacks).
    static func submitTheEarlierWay(_ test: TestDatabase) async throws -> UUID {
        try await test.withRole(in: "vtrack_api") { api in
            try await Database.withDatabase(api, logger: TestEnvironment.logger) { server in
                let sealer = try PersonalDataSealer(recipients: try await KeyRepository(database: server).recipients())
                let applicant = UUID()
                let sealed = try sealer.seal(SealedDataTests.canary, applicantID: applicant)
                try await server.write(
                    """
                    WITH applicant AS (
                        INSERT INTO applicants (id, languages, time_zone) VALUES (\(applicant), '{uk}', 'Europe/Kyiv')
                    ), personal AS (
                        INSERT INTO applicant_personal_data (applicant_id, sealed) VALUES (\(applicant), \(ByteBuffer(bytes: sealed.sealed)))
                    ), keys AS (
                        INSERT INTO applicant_keys (applicant_id, key_id, encapsulated_key, wrapped_key)
                        SELECT \(applicant), k.* FROM unnest(\(sealed.wrappedKeys.map(\.keyID))::uuid[],
                            \(sealed.wrappedKeys.map { ByteBuffer(bytes: $0.encapsulatedKey) })::bytea[],
                            \(sealed.wrappedKeys.map { ByteBuffer(bytes: $0.ciphertext) })::bytea[]) AS k
                    )
                    INSERT INTO applications (id, applicant_id, position_id) SELECT \(UUID()), \(applicant), id FROM positions WHERE slug = 'editor'
                    """
                )
                return applicant
            }
        }
    }

    /// Opens `applicants` with each key, expecting every one.
    static func expectOpenable(_ applicants: [UUID], by keys: [CoordinatorPrivateKey], in database: Database, _ step: String) async throws {
        for key in keys {
            let revealed = try await PersonalDataRepository(database: database, key: key).reveal(applicants)
            #expect(revealed.count == applicants.count && revealed.values.allSatisfy { $0 == .opened(SealedDataTests.canary) }, "\(step)")
        }
    }

    @Test func aDatabaseSealedPerCoordinatorKeyMovesToTheOrganisationKey() async throws {
        let (alice, bob) = (self.alice, self.bob)
        try await TestDatabase.withEmpty { test in
            try await Self.migrate(test, through: 11)
            // Sealed by today's code: a wrap per registered key.
            let earlier = try await Fixtures.asCoordinator(test) { database, _ in
                // Today's repositories read and write tables and columns that 0011 lacks:
                // the position and the keys go in as SQL.
                try await database.write(
                    "INSERT INTO positions (slug, title, team, openings) VALUES ('editor', 'Editor', 'Editorial', 10)")
                try await database.write("UPDATE positions SET status = 'open' WHERE slug = 'editor'")
                try await database.write("INSERT INTO skills (slug, label) VALUES ('editing', 'Editing')")
                for (name, key) in [("alice", alice), ("bob", bob)] {
                    try await database.write(
                        "INSERT INTO coordinator_keys (name, public_key) VALUES (\(name), \(ByteBuffer(bytes: key.publicKey.rawRepresentation)))"
                    )
                }
                var applicants: [UUID] = []
                for _ in 0..<3 { applicants.append(try await Self.submitTheEarlierWay(test)) }
                return applicants
            }
            #expect(try await test.values("SELECT count(*)::text FROM applicant_keys") == ["6"])

            // 0012 and every later migration: today's intake statement reads and writes
            // their tables and columns too (0013's privacy notices, 0017's inbox keys).
            try await Self.migrate(test, through: Int.max)
            try await Fixtures.asCoordinator(test) { database, _ in
                var applicants = earlier
                try await Self.expectOpenable(applicants, by: [alice, bob], in: database, "after the migration")
                // Until the organisation key exists, the server seals as before.
                let before = try await OrganisationKeyRepository(database: database).sealer()
                guard case .coordinatorKeys(let keys) = before.recipients else {
                    Issue.record("sealed for an organisation key that does not exist")
                    return
                }
                #expect(keys.count == 2)
                applicants.append(try await OrganisationKeyTests.submitAsServer(test).applicantID)
                #expect(try await OrganisationKeyRepository(database: database).createFirstInANewDatabase() == false)

                // `vtrack keys init-organisation`, by alice: the key, then what her key opens.
                try await OrganisationKeyRepository(database: database).createFirst()
                try await Self.expectOpenable(applicants, by: [alice, bob], in: database, "with the key made, nothing moved")
                // A server that has not reloaded yet is refused, and writes nothing.
                await #expect(throws: SealingError.staleRecipients) {
                    try await OrganisationKeyTests.submitAsServer(test, sealedWith: before)
                }
                let reloaded = try await OrganisationKeyRepository(database: database).sealer()
                guard case .organisation = reloaded.recipients else {
                    Issue.record("a reloaded server still seals per coordinator key")
                    return
                }
                applicants.append(try await OrganisationKeyTests.submitAsServer(test).applicantID)

                let summary = try await KeyRewrap(database: database, key: alice).run(batchSize: 2)
                #expect(summary == KeyRewrapSummary(moved: 4, notOpenableByRewrapper: 0))
                try await Self.expectOpenable(applicants, by: [alice, bob], in: database, "after the rewrap")
                let status = try #require(try await OrganisationKeyRepository(database: database).status())
                #expect(status.applicants == 5 && status.applicantsOnCoordinatorKeys == 0)
            }
            #expect(try await test.values("SELECT count(*)::text FROM applicant_keys") == ["0"])
            let moved = try await test.values(
                "SELECT sum((payload->>'applicants')::int)::text FROM events WHERE event_type = 'organisation_key.rewrapped'"
            )
            #expect(moved == ["4"])
        }
    }
}
