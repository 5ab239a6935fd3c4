import Crypto
import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// The attacks of an insider with `psql` and only the grants of a role the
/// application uses: a coordinator (a seized laptop, a phished login), the
/// server's login (the server broken into), the sealer. Each is refused or
/// leaves its event; none goes through the CLI.
@Suite struct HostileInsiderTests {
    let alice = CoordinatorPrivateKey.generate()
    let bob = CoordinatorPrivateKey.generate()

    /// Runs `sql` and expects PostgreSQL to refuse it with `state`.
    static func expectRefused(
        _ connection: PostgresConnection, _ sql: String, _ state: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestEnvironment.logger).collect()
            Issue.record("allowed: \(sql)", sourceLocation: sourceLocation)
        } catch let error as PSQLError {
            #expect(error.serverInfo?[.sqlState] == state, "\(sql): \(String(reflecting: error))", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(sql): \(error)", sourceLocation: sourceLocation)
        }
    }

    static func run(_ connection: PostgresConnection, _ sql: String) async throws -> [PostgresRow] {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestEnvironment.logger).collect()
    }

    /// A migrated database with an open position, alice's key and one applicant sealed for it.
    func withApplicant(_ body: @escaping @Sendable (TestDatabase, Application) async throws -> Void) async throws {
        let alice = self.alice
        try await TestDatabase.withMigrated { test in
            let application = try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                _ = try await VocabularyRepository(database: database, vocabulary: .skills).add(slug: "translation", label: "Translation")
                _ = try await KeyRepository(database: database).register(name: "alice", publicKey: alice.publicKey)
                return try await SealedDataTests.submitAsServer(database, SealedDataTests.canary)
            }
            try await body(test, application)
        }
    }

    /// A connection of a new login in `group`.
    static func asRole<Result: Sendable>(
        _ test: TestDatabase, in group: String, _ body: @escaping @Sendable (PostgresConnection, String) async throws -> Result
    ) async throws -> Result {
        try await test.withRole(in: group) { settings in
            try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                try await database.client.withConnection { try await body($0, settings.username) }
            }
        }
    }

    static func eventCount(_ test: TestDatabase, _ type: String) async throws -> Int {
        Int(try await test.values("SELECT count(*)::text FROM events WHERE event_type = '\(type)'").first!!)!
    }

    // MARK: Reveals

    @Test func aRevealRolledBackOrInOneTransactionReturnsNothingAndAnyRevealLeavesItsTrace() async throws {
        try await withApplicant { test, application in
            let applicant = application.applicantID
            try await Self.asRole(test, in: "vtrack_coordinator") { connection, _ in
                let key = try await Self.run(connection, "SELECT id FROM coordinator_keys WHERE name = 'alice'")[0].decode(UUID.self)
                let request = "request_reveal('personal_data', ARRAY['\(applicant)']::uuid[], '\(key)')"
                // Ask and read in one transaction, to roll both back: refused before any ciphertext.
                _ = try await Self.run(connection, "BEGIN")
                let inside = try await Self.run(connection, "SELECT \(request)")[0].decode(UUID.self)
                await Self.expectRefused(connection, "SELECT sealed FROM reveal_personal_data('\(inside)')", "VT009")
                _ = try await Self.run(connection, "ROLLBACK")
                // The same with a savepoint around the read.
                _ = try await Self.run(connection, "BEGIN")
                let again = try await Self.run(connection, "SELECT \(request)")[0].decode(UUID.self)
                _ = try await Self.run(connection, "SAVEPOINT s")
                await Self.expectRefused(connection, "SELECT sealed FROM reveal_personal_data('\(again)')", "VT009")
                _ = try await Self.run(connection, "ROLLBACK")
                // A request that was rolled back does not exist for a later read.
                await Self.expectRefused(connection, "SELECT sealed FROM reveal_personal_data('\(inside)')", "VT009")
                // Committed first, then read and rolled back: the trace stays.
                let committed = try await Self.run(connection, "SELECT \(request)")[0].decode(UUID.self)
                _ = try await Self.run(connection, "BEGIN")
                let rows = try await Self.run(connection, "SELECT sealed FROM reveal_personal_data('\(committed)')")
                #expect(rows.count == 1)
                _ = try await Self.run(connection, "ROLLBACK")
                // The old reveal functions that logged in the reader's transaction are gone.
                await Self.expectRefused(
                    connection, "SELECT * FROM reveal_personal_data(ARRAY['\(applicant)']::uuid[], '\(key)')", "42883"
                )
                await Self.expectRefused(connection, "SELECT * FROM reveal_notes('\(applicant)', '\(key)')", "42883")
                // No direct read of a sealed column, nor of the requests.
                await Self.expectRefused(connection, "SELECT sealed FROM applicant_personal_data", "42501")
                await Self.expectRefused(connection, "SELECT * FROM reveal_requests", "42501")
                await Self.expectRefused(connection, "DELETE FROM reveal_requests", "42501")
            }
            #expect(try await Self.eventCount(test, "personal_data.revealed") == 1, "only the committed request, once")
            // Another coordinator cannot use a committed request of someone else's.
            let request = try await Self.asRole(test, in: "vtrack_coordinator") { connection, _ in
                try await Self.run(
                    connection,
                    "SELECT request_reveal('personal_data', ARRAY['\(applicant)']::uuid[], (SELECT id FROM coordinator_keys))"
                )[0].decode(UUID.self)
            }
            try await Self.asRole(test, in: "vtrack_coordinator") { connection, _ in
                await Self.expectRefused(connection, "SELECT sealed FROM reveal_personal_data('\(request)')", "VT009")
            }
        }
    }

    // MARK: Events

    @Test func noRoleWritesEventsAndTheDatabaseStampsThem() async throws {
        try await withApplicant { test, application in
            let forged = """
                INSERT INTO events (entity_type, entity_id, event_type, from_state, to_state, occurred_at, actor)
                VALUES ('application', '\(application.id)', 'application.status_changed', 'submitted', 'accepted',
                        '2020-01-01', 'someone_else')
                """
            for group in ["vtrack_coordinator", "vtrack_api", "vtrack_sealer"] {
                try await Self.asRole(test, in: group) { connection, _ in
                    await Self.expectRefused(connection, forged, "42501")
                    await Self.expectRefused(connection, "UPDATE events SET actor = 'x'", "42501")
                    await Self.expectRefused(connection, "DELETE FROM events", "42501")
                    await Self.expectRefused(connection, "CREATE TEMP TABLE events (seq bigint)", "42501")
                    await Self.expectRefused(connection, "CREATE TABLE public.events2 (seq bigint)", "42501")
                    await Self.expectRefused(
                        connection, "CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql AS 'SELECT 1'", "42501")
                    await Self.expectRefused(connection, "CREATE SCHEMA mine", "42501")
                }
            }
            let everySecurityDefinerPinsItsPath = try await test.values(
                """
                SELECT p.oid::regprocedure::text FROM pg_proc p
                WHERE p.pronamespace = 'public'::regnamespace AND (p.prosecdef OR p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql'))
                  AND NOT coalesce('search_path=pg_catalog, public, pg_temp' = ANY (p.proconfig), false)
                """
            )
            #expect(everySecurityDefinerPinsItsPath.isEmpty, "functions without a pinned search_path: \(everySecurityDefinerPinsItsPath)")
        }
    }

    @Test func everyColumnACoordinatorMayChangeHasItsEventAndTheRestIsRefused() async throws {
        try await withApplicant { test, application in
            try await Self.asRole(test, in: "vtrack_coordinator") { connection, _ in
                for sql in [
                    "UPDATE applications SET position_id = position_id",
                    "UPDATE applications SET source = 'friend'",
                    "UPDATE applications SET applicant_id = applicant_id",
                    "UPDATE applications SET submitted_at = '2020-01-01'",
                    "UPDATE applications SET version = 1",
                    "UPDATE positions SET created_at = '2020-01-01'",
                    "UPDATE positions SET id = gen_random_uuid()",
                    "UPDATE applicants SET time_zone = 'UTC'",
                    "UPDATE applicants SET hours_per_week = 1",
                    "UPDATE applicants SET window_minutes = 10080",
                    "UPDATE applicants SET skills = '{editing,translation}'",
                    "INSERT INTO applicants (id, window_minutes) VALUES (gen_random_uuid(), 10080)",
                    "UPDATE volunteers SET position_id = position_id",
                    "UPDATE onboarding_tasks SET due_date = '2020-01-01'",
                    "UPDATE onboarding_templates SET updated_by = 'someone_else'",
                    "UPDATE coordinator_keys SET name = 'x'",
                    "UPDATE applicant_keys SET wrapped_key = wrapped_key",
                    "DELETE FROM applicant_personal_data",
                    "DELETE FROM applicant_notes",
                    "DELETE FROM applicant_keys",
                    "DELETE FROM coordinator_keys",
                    "DELETE FROM availability_windows",
                    "DELETE FROM availability_blackouts",
                    "DELETE FROM applicant_skills",
                    "DELETE FROM positions",
                    "DELETE FROM applications",
                    "DELETE FROM volunteers",
                    "TRUNCATE applicant_keys",
                    "INSERT INTO volunteers (applicant_id, application_id, position_id) SELECT applicant_id, id, position_id FROM applications",
                    "INSERT INTO applicant_notes (applicant_id, sealed, author) VALUES ('\(application.applicantID)', '\\x00', 'someone_else')",
                    "INSERT INTO coordinator_keys (name, public_key, fingerprint) VALUES ('eve', '\\x\(String(repeating: "22", count: 32))', '0000:0000:0000:0000')",
                    "INSERT INTO positions (slug, title, team, status) VALUES ('x', 'x', 'x', 'open')",
                    "INSERT INTO applications (applicant_id, position_id, submitted_at) SELECT applicant_id, position_id, '2020-01-01' FROM applications",
                    "SELECT set_config('vtrack.actor', 'applicant:\(application.applicantID)', false), applicant_act_as('\(application.applicantID)', '\\x00')",
                ] {
                    await Self.expectRefused(connection, sql, "42501")
                }
                // About an applicant from an earlier transaction: only through the database's functions.
                for sql in [
                    "INSERT INTO applicant_skills (applicant_id, skill) VALUES ('\(application.applicantID)', 'translation')",
                    "INSERT INTO availability_windows (applicant_id, day, start_minute, end_minute) VALUES ('\(application.applicantID)', 'mon', 60, 120)",
                    "INSERT INTO applications (applicant_id, position_id) SELECT applicant_id, position_id FROM applications",
                    "INSERT INTO application_tokens (token_hash, application_id) VALUES ('\\x\(String(repeating: "33", count: 32))', '\(application.id)')",
                ] {
                    await Self.expectRefused(connection, sql, "VT007")
                }
                // What they may change writes its event, even typed by hand.
                _ = try await Self.run(connection, "UPDATE positions SET status_reason = 'quietly'")
                _ = try await Self.run(connection, "UPDATE skills SET label = 'Copy-editing', retired_at = now() WHERE slug = 'editing'")
                _ = try await Self.run(connection, "DELETE FROM position_skills")
                _ = try await Self.run(
                    connection, "INSERT INTO coordinator_keys (name, public_key) VALUES ('eve', '\\x\(String(repeating: "22", count: 32))')"
                )
                // An applicant, sealed data and keys with no application, whose event would name them: refused.
                let stray = UUID()
                await Self.expectRefused(
                    connection,
                    """
                    WITH applicant AS (INSERT INTO applicants (id, time_zone) VALUES ('\(stray)', 'UTC')),
                    sealed AS (INSERT INTO applicant_personal_data (applicant_id, sealed) VALUES ('\(stray)', '\\x\(String(repeating: "00", count: 64))'))
                    INSERT INTO applicant_keys SELECT '\(stray)', id, '\\x\(String(repeating: "55", count: 32))', '\\x\(String(repeating: "66", count: 48))'
                    FROM coordinator_keys
                    """,
                    "VT011"
                )
                await Self.expectRefused(connection, "INSERT INTO applicants (id, time_zone) VALUES ('\(stray)', 'UTC')", "VT011")
                let fingerprint = try await Self.run(connection, "SELECT fingerprint FROM coordinator_keys WHERE name = 'eve'")[0].decode(
                    String.self)
                let publicKey = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: Array(repeating: 0x22, count: 32))
                #expect(fingerprint == KeyFingerprint.of(publicKey), "the database derives the fingerprint")
            }
            let types = try await test.values("SELECT event_type FROM events ORDER BY seq DESC LIMIT 4")
            #expect(types == ["key.registered", "position.skills_removed", "skill.changed", "position.edited"])
            #expect(try await test.values("SELECT count(*)::text FROM applicants") == ["1"], "nothing of the refused applicant stays")
        }
    }

    // MARK: Keys

    @Test func noSQLLeavesAnApplicantUnopenable() async throws {
        let bob = self.bob
        try await withApplicant { test, application in
            try await Self.asRole(test, in: "vtrack_coordinator") { connection, _ in
                await Self.expectRefused(connection, "DELETE FROM coordinator_keys", "42501")
                await Self.expectRefused(connection, "SELECT revoke_coordinator_key('alice', false)", "VT006")
            }
            // Even the owner's cascade is refused while alice's key is the only way in.
            await #expect(throws: PSQLError.self) { try await test.superuser("DELETE FROM coordinator_keys") }
            #expect(try await test.values("SELECT count(*)::text FROM applicant_keys") == ["1"])

            // With bob granted, alice may go; bob then may not.
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await KeyRepository(database: database).register(name: "bob", publicKey: bob.publicKey)
                _ = try await KeyGrant(database: database, granter: alice).grant(to: "bob")
                try await KeyRepository(database: database).revoke(name: "alice", force: false)
                await #expect(throws: KeyAccessError.onlyKeyFor(name: "bob", applicants: 1)) {
                    try await KeyRepository(database: database).revoke(name: "bob", force: false)
                }
                // Forced: the data is destroyed first, with its event; nothing is left that no key opens.
                try await KeyRepository(database: database).revoke(name: "bob", force: true)
            }
            #expect(try await test.values("SELECT count(*)::text FROM applicant_personal_data") == ["0"])
            #expect(try await Self.eventCount(test, "personal_data.destroyed") == 1)
            #expect(try await Self.eventCount(test, "key.granted") == 1)
        }
    }

    @Test func noSQLStrandsTheOrganisationKeyOrSealsForARetiredOne() async throws {
        let (alice, bob) = (self.alice, self.bob)
        try await OrganisationKeyTests.withOrganisation([("alice", alice), ("bob", bob)]) { test, _ in
            let applicant = try await OrganisationKeyTests.submitAsServer(test).applicantID
            let current = try await test.values("SELECT id::text FROM organisation_keys")[0]!
            try await Self.asRole(test, in: "vtrack_coordinator") { connection, _ in
                await Self.expectRefused(connection, "DELETE FROM organisation_key_grants", "42501")
                await Self.expectRefused(connection, "DELETE FROM organisation_keys", "42501")
                await Self.expectRefused(connection, "UPDATE organisation_keys SET retired_at = now()", "42501")
                await Self.expectRefused(connection, "DELETE FROM applicant_data_keys", "42501")
                await Self.expectRefused(connection, "UPDATE organisation_key_grants SET wrapped_key = wrapped_key", "42501")
                // Revoking a holder of the current key without rotating it first.
                await Self.expectRefused(connection, "SELECT revoke_coordinator_key('alice', false)", "VT012")
                // An organisation key that no coordinator key opens.
                await Self.expectRefused(
                    connection, "SELECT create_organisation_key(decode(repeat('07', 32), 'hex'), '{}', '{}', '{}')", "VT006"
                )
                // Moving a data key to the key it is on (a rewrite in place).
                await Self.expectRefused(connection, "UPDATE applicant_data_keys SET wrapped_key = wrapped_key", "VT005")
            }
            // Even the owner may not take the last grants of a key applicants depend on, directly or by cascade.
            await #expect(throws: PSQLError.self) { try await test.superuser("DELETE FROM organisation_key_grants") }
            await #expect(throws: PSQLError.self) { try await test.superuser("DELETE FROM coordinator_keys") }
            #expect(try await test.values("SELECT count(*)::text FROM organisation_key_grants") == ["2"])

            // Rotated (as `keys revoke` would, by hand): the retired key takes no data key.
            try await Self.asRole(test, in: "vtrack_coordinator") { connection, _ in
                let bobsID = try await Self.run(connection, "SELECT id FROM coordinator_keys WHERE name = 'bob'")[0].decode(UUID.self)
                let next = OrganisationPrivateKey.generate()
                let wrap = try next.wrap(for: RecipientKey(id: bobsID, name: "bob", publicKey: bob.publicKey))
                _ = try await connection.query(
                    """
                    SELECT create_organisation_key(\(ByteBuffer(bytes: next.publicKey.rawRepresentation)), ARRAY[\(bobsID)]::uuid[],
                        ARRAY[\(ByteBuffer(bytes: wrap.encapsulatedKey))]::bytea[], ARRAY[\(ByteBuffer(bytes: wrap.ciphertext))]::bytea[])
                    """,
                    logger: TestEnvironment.logger
                ).collect()
                await Self.expectRefused(
                    connection, "UPDATE applicant_data_keys SET organisation_key_id = '\(current)' WHERE applicant_id = '\(applicant)'",
                    "VT005"
                )
            }
            try await Self.asRole(test, in: "vtrack_api") { connection, _ in
                await Self.expectRefused(connection, "UPDATE applicants SET window_minutes = 10080", "42501")
                await Self.expectRefused(connection, "SELECT wrapped_key FROM organisation_key_grants", "42501")
                await Self.expectRefused(connection, "SELECT wrapped_key FROM applicant_data_keys", "42501")
                await Self.expectRefused(connection, "SELECT created_by FROM organisation_keys", "42501")
                await Self.expectRefused(
                    connection, "SELECT create_organisation_key(decode(repeat('07', 32), 'hex'), '{}', '{}', '{}')", "42501")
            }
            // The server's sealing for the retired key: refused, and nothing is written (OrganisationKeyTests).
            #expect(
                try await test.values("SELECT count(*)::text FROM applicant_data_keys WHERE organisation_key_id = '\(current)'") == ["1"])

            // The server's login writes a data key only for an applicant it creates in that transaction,
            // even for the current key and an applicant who has none (here: whose data is gone).
            try await test.superuser("DELETE FROM applicant_personal_data WHERE applicant_id = '\(applicant)'")
            let rotated = try await test.values("SELECT id::text FROM organisation_keys WHERE retired_at IS NULL")[0]!
            try await Self.asRole(test, in: "vtrack_api") { connection, _ in
                await Self.expectRefused(
                    connection,
                    """
                    INSERT INTO applicant_data_keys (applicant_id, organisation_key_id, encapsulated_key, wrapped_key)
                    VALUES ('\(applicant)', '\(rotated)', decode(repeat('cd', 32), 'hex'), decode(repeat('ef', 48), 'hex'))
                    """,
                    "42501"
                )
            }
        }
    }

    // MARK: The server's login

    @Test func theServersLoginActsForAnApplicantOnlyThroughItsToken() async throws {
        try await withApplicant { test, application in
            let victim = application.applicantID
            // As if the victim had been erased: a place for new sealed data.
            try await test.superuser("DELETE FROM applicant_personal_data")
            try await Self.asRole(test, in: "vtrack_api") { connection, login in
                // A new application (and so a token) for someone who applied before.
                await Self.expectRefused(
                    connection,
                    """
                    INSERT INTO applications (id, applicant_id, position_id)
                    SELECT gen_random_uuid(), '\(victim)', id FROM positions WHERE slug = 'editor'
                    """,
                    "VT007"
                )
                await Self.expectRefused(
                    connection,
                    "INSERT INTO application_tokens (token_hash, application_id) VALUES ('\\x\(String(repeating: "44", count: 32))', '\(application.id)')",
                    "VT007"
                )
                for table in [
                    "availability_windows (applicant_id, day, start_minute, end_minute) VALUES ('\(victim)', 'mon', 1, 2)",
                    "applicant_skills (applicant_id, skill) VALUES ('\(victim)', 'translation')",
                    "applicant_personal_data (applicant_id, sealed) VALUES ('\(victim)', '\\x\(String(repeating: "00", count: 64))')",
                ] {
                    await Self.expectRefused(connection, "INSERT INTO \(table)", "VT007")
                }
                await Self.expectRefused(
                    connection,
                    "INSERT INTO applicant_keys SELECT '\(victim)', id, '\\x\(String(repeating: "55", count: 32))', '\\x\(String(repeating: "66", count: 48))' FROM coordinator_keys",
                    "23505"
                )
                for sql in [
                    "SELECT availability_replace('\(victim)', 1, '[]', '[]')",
                    "SELECT applicant_act_as('\(victim)', '\\x00')",
                    "INSERT INTO applicants (id, time_zone, created_at) VALUES (gen_random_uuid(), 'UTC', '2020-01-01')",
                    "INSERT INTO applicants (id, time_zone, erased_at) VALUES (gen_random_uuid(), 'UTC', now())",
                    "UPDATE idempotency_keys SET response_body = '\\x00'",
                    "DELETE FROM idempotency_keys",
                    "SELECT * FROM application_tokens",
                    "SELECT * FROM reveal_requests",
                ] {
                    await Self.expectRefused(connection, sql, "42501")
                }
                // Forgetting an Idempotency-Key early would let a retry apply twice: a day at least.
                try await test.superuser(
                    """
                    INSERT INTO idempotency_keys (key_hash, request_hash, started_at, response_status, response_body)
                    VALUES ('\\x\(String(repeating: "77", count: 32))', '\\x\(String(repeating: "77", count: 32))', now() - interval '2 hours', 201, '\\x00')
                    """
                )
                #expect(try await Self.run(connection, "SELECT forget_idempotency_keys('1 second')")[0].decode(Int.self) == 0)
                try await test.superuser("UPDATE idempotency_keys SET started_at = now() - interval '25 hours'")
                #expect(try await Self.run(connection, "SELECT forget_idempotency_keys('1 second')")[0].decode(Int.self) == 1)
                // Claiming to be the victim while creating someone new: the event names the new applicant's login instead.
                let newcomer = UUID()
                _ = try await Self.run(connection, "BEGIN")
                _ = try await Self.run(connection, "SELECT set_config('vtrack.actor', 'applicant:\(victim.uuidString.lowercased())', true)")
                _ = try await Self.run(
                    connection,
                    """
                    WITH applicant AS (INSERT INTO applicants (id, time_zone) VALUES ('\(newcomer)', 'UTC'))
                    INSERT INTO applications (applicant_id, position_id, source) SELECT '\(newcomer)', id, 'website' FROM positions WHERE slug = 'editor'
                    """
                )
                _ = try await Self.run(connection, "COMMIT")
                let actor = try await test.values(
                    "SELECT actor FROM events WHERE event_type = 'application.submitted' AND payload->>'applicant_id' = '\(newcomer.uuidString.lowercased())'"
                )
                #expect(actor == [login], "a claim for an applicant the login did not create is ignored")
            }
        }
    }

    // MARK: The chain

    @Test func theChainTakesOnlyTheCorrectNextLink() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withDatabase {
                try await EventChainTests.appendEvents($0, count: 3)
                try await EventSealing.waitUntilSealable($0)
            }
            let zero = "'\\x\(String(repeating: "00", count: 32))'::bytea"
            // Each event's correct first link, as the owner computes it, for the sealer to offer.
            try await test.superuser(
                "CREATE TABLE offered AS SELECT e.seq, sha256(\(zero) || vtrack_event_encoding(e)) AS first FROM events e",
                "GRANT SELECT ON offered TO vtrack_sealer"
            )
            try await Self.asRole(test, in: "vtrack_sealer") { connection, _ in
                let insert = "INSERT INTO event_chain (position, seq, hash) SELECT"
                await Self.expectRefused(connection, "\(insert) 1, min(seq), \(zero) FROM events", "VT010")
                await Self.expectRefused(connection, "\(insert) 2, seq, first FROM offered ORDER BY seq LIMIT 1", "VT010")
                await Self.expectRefused(connection, "\(insert) 1, seq, first FROM offered ORDER BY seq DESC LIMIT 1", "VT010")
                _ = try await Self.run(connection, "\(insert) 1, seq, first FROM offered ORDER BY seq LIMIT 1")
                await Self.expectRefused(connection, "\(insert) 1, seq, first FROM offered ORDER BY seq DESC LIMIT 1", "23505")
                await Self.expectRefused(connection, "\(insert) 2, seq, first FROM offered ORDER BY seq DESC LIMIT 1", "VT010")
                await Self.expectRefused(connection, "SELECT vtrack_event_encoding(e) FROM events e", "42501")
            }
            // The sealer's own links follow on, and the chain verifies.
            try await test.withDatabase { database in
                let sealed = try await EventSealing.sealAll(database)
                #expect(sealed == 2)
                #expect(try await EventChainVerifier(database: database).verify().verified == 3)
            }
        }
    }
}
