import Crypto
import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// The one statement that checks, takes an Idempotency-Key and writes an
/// application, run as the server's role.
@Suite struct IdempotentSubmissionTests {
    static func withServerRole(_ body: @escaping @Sendable (TestDatabase, Database) async throws -> Void) async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                try await TestSealing.ensureKey(in: database)
            }
            try await test.withRole(in: "vtrack_api") { settings in
                try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                    try await body(test, database)
                }
            }
        }
    }

    static func submission(
        _ database: Database, key: String, request: String = "the request",
        position: String = "editor", skills: [String] = ["editing"]
    ) async throws -> NewApplication {
        var application = try await TestSealing.newApplication(database, position: position, skills: skills)
        application.actingAsApplicant = true
        application.idempotency = IdempotentResponse(
            keyHash: Array(SHA256.hash(data: Data(key.utf8))), requestHash: Array(SHA256.hash(data: Data(request.utf8))),
            status: 201, sealedBody: Array("the sealed answer to \(key)".utf8)
        )
        return application
    }

    @Test func theKeyIsTakenWithTheApplicationAndARetryGetsTheStoredResponse() async throws {
        try await Self.withServerRole { test, database in
            let applications = ApplicationRepository(database: database)
            let first = try await applications.submit(Self.submission(database, key: "key-one"))
            #expect(first.status == .submitted)

            await #expect(throws: IdempotencyConflict.replay(status: 201, sealedBody: Array("the sealed answer to key-one".utf8))) {
                try await applications.submit(Self.submission(database, key: "key-one"))
            }
            await #expect(throws: IdempotencyConflict.mismatch) {
                try await applications.submit(Self.submission(database, key: "key-one", request: "another request"))
            }
            #expect(try await test.values("SELECT count(*)::text FROM applications") == ["1"])
            #expect(try await test.values("SELECT count(*)::text FROM applicants") == ["1"])
            #expect(try await test.values("SELECT count(*)::text FROM events WHERE event_type = 'application.submitted'") == ["1"])
            #expect(try await test.values("SELECT count(*)::text FROM idempotency_keys WHERE response_status = 201") == ["1"])
        }
    }

    @Test func aRefusedSubmissionTakesNoKeyAndWritesNothing() async throws {
        try await Self.withServerRole { test, database in
            let applications = ApplicationRepository(database: database)
            await #expect(throws: DomainError.notFound(entity: "position", id: "nowhere")) {
                try await applications.submit(Self.submission(database, key: "key-two", position: "nowhere"))
            }
            await #expect(throws: DomainError.unknownReference(entity: "skill", key: "juggling")) {
                try await applications.submit(Self.submission(database, key: "key-two", skills: ["editing", "juggling"]))
            }
            for table in ["idempotency_keys", "applicants", "applicant_personal_data", "applicant_keys", "applications"] {
                #expect(try await test.values("SELECT count(*)::text FROM \(table)") == ["0"], "\(table)")
            }
            #expect(try await test.values("SELECT count(*)::text FROM events WHERE event_type = 'application.submitted'") == ["0"])
            // The key is still free for the corrected request.
            _ = try await applications.submit(Self.submission(database, key: "key-two"))
            #expect(try await test.values("SELECT count(*)::text FROM applications") == ["1"])
        }
    }

    /// The lock key is computed here the way `scripts/bench intake` replays
    /// it in SQL, so the replay takes the same lock as the server.
    @Test func aRetryWhileTheFirstIsBeingWrittenIsInProgressAndWritesNothing() async throws {
        try await Self.withServerRole { test, database in
            let submission = try await Self.submission(database, key: "key-three")
            let keyHex = submission.idempotency!.keyHash.hexString
            try await test.withDatabase { superuser in
                try await superuser.client.withConnection { connection in
                    _ = try await connection.query(
                        PostgresQuery(
                            unsafeSQL: """
                                SELECT pg_advisory_lock(1987340651, ('x' || substr('\(keyHex)', 1, 8))::bit(32)::int)
                                """), logger: TestEnvironment.logger
                    ).collect()
                    await #expect(throws: IdempotencyConflict.inProgress) {
                        try await ApplicationRepository(database: database).submit(submission)
                    }
                    _ = try await connection.query("SELECT pg_advisory_unlock_all()", logger: TestEnvironment.logger).collect()
                }
            }
            #expect(try await test.values("SELECT count(*)::text FROM applications") == ["0"])
            #expect(try await test.values("SELECT count(*)::text FROM idempotency_keys") == ["0"])
            _ = try await ApplicationRepository(database: database).submit(submission)
            #expect(try await test.values("SELECT count(*)::text FROM applications") == ["1"])
        }
    }
}
