import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// The threads held against the roles' own SQL: a coordinator with `psql`
/// reads no text without a logged reveal, rewrites and deletes nothing, and
/// cannot write as the applicant; the server's login writes only through
/// a token. A rotation of the organisation key moves message keys too, and
/// the retired key goes only when nothing depends on it.
@Suite struct MessageInsiderTests {
    let alice = CoordinatorPrivateKey.generate()
    let bob = CoordinatorPrivateKey.generate()

    typealias Insider = HostileInsiderTests

    /// An application made by the server with a status token, and one
    /// message each way.
    static func withThread(
        keys: [(String, CoordinatorPrivateKey)],
        _ body: @escaping @Sendable (TestDatabase, Database, Application, String) async throws -> Void
    ) async throws {
        try await OrganisationKeyTests.withOrganisation(keys) { test, coordinator in
            let token = "T" + String(repeating: "k", count: 42)
            let application = try await test.withRole(in: "vtrack_api") { api in
                try await Database.withDatabase(api, logger: TestEnvironment.logger) { server in
                    let applicantID = UUID()
                    let sealer = try await OrganisationKeyRepository(database: server).sealer()
                    var new = NewApplication(
                        applicantID: applicantID, positionSlug: "editor", languages: ["uk"], skills: [], timeZone: "UTC", source: nil,
                        personalData: try sealer.seal(PersonalData(name: "Olha"), applicantID: applicantID))
                    new.statusTokenHash = StatusTokenHash.of(token)
                    new.inboxKey = InboxPrivateKey(statusToken: token).publicKey
                    new.actingAsApplicant = true
                    let application = try await ApplicationRepository(database: server).submit(new)
                    let organisation = try #require(try await OrganisationKeyRepository(database: server).current())
                    _ = try await SelfServiceRepository(database: server).reply(
                        tokenHash: StatusTokenHash.of(token), inbox: InboxPrivateKey(statusToken: token), text: "From the applicant",
                        id: UUID(), organisation: organisation)
                    return application
                }
            }
            try await MessageRepository(database: coordinator).send(.text("From the organisation"), to: [application.id])
            try await body(test, coordinator, application, token)
        }
    }

    @Test func aCoordinatorsSQLReadsNoTextRewritesNothingAndCannotPoseAsTheApplicant() async throws {
        try await Self.withThread(keys: [("alice", alice)]) { test, _, application, _ in
            try await Insider.asRole(test, in: "vtrack_coordinator") { connection, _ in
                await Insider.expectRefused(connection, "SELECT sealed FROM messages", "42501")
                await Insider.expectRefused(connection, "SELECT inbox_wrapped_key FROM messages", "42501")
                await Insider.expectRefused(connection, "SELECT token_hash FROM application_tokens", "42501")
                await Insider.expectRefused(connection, "UPDATE messages SET sealed = '\\x00'", "42501")
                await Insider.expectRefused(connection, "UPDATE messages SET read_at = NULL, read_by = NULL", "42501")
                await Insider.expectRefused(connection, "UPDATE messages SET wrapped_key = decode(repeat('00', 48), 'hex')", "VT005")
                await Insider.expectRefused(connection, "DELETE FROM messages", "42501")
                await Insider.expectRefused(connection, "TRUNCATE messages", "42501")
                await Insider.expectRefused(
                    connection, "SELECT vtrack_mark_messages_read(ARRAY['\(application.id)']::uuid[], 'from_applicant')", "42501")
                await Insider.expectRefused(connection, "SELECT * FROM applicant_messages('\\x00', '\\x00')", "42501")
                // A reveal read in its own transaction, before the request committed, returns nothing.
                let key = try await Insider.run(connection, "SELECT id FROM coordinator_keys WHERE name = 'alice'")[0].decode(UUID.self)
                _ = try await Insider.run(connection, "BEGIN")
                let request = try await Insider.run(
                    connection, "SELECT request_message_reveal(ARRAY['\(application.id)']::uuid[], '\(key)')")[0].decode(UUID.self)
                await Insider.expectRefused(connection, "SELECT sealed FROM reveal_messages('\(request)')", "VT009")
                _ = try await Insider.run(connection, "ROLLBACK")
                // Writing a message "from the applicant": it goes to the applicant, under the coordinator's name.
                let copied = try await Insider.run(
                    connection,
                    """
                    INSERT INTO messages (id, application_id, sealed, inbox_encapsulated_key, inbox_wrapped_key, organisation_key_id,
                                          encapsulated_key, wrapped_key)
                    SELECT gen_random_uuid(), application_id, '\\x01' || decode(repeat('00', 40), 'hex'), encapsulated_key, wrapped_key,
                           organisation_key_id, encapsulated_key, wrapped_key
                    FROM messages LIMIT 1
                    RETURNING direction, author = session_user
                    """)
                #expect(try copied[0].decode((String, Bool).self) == ("to_applicant", true))
            }
            #expect(try await Insider.eventCount(test, "message.sent") == 2, "the insider's message is an event too")
        }
    }

    @Test func theServersLoginWritesOnlyThroughAToken() async throws {
        try await Self.withThread(keys: [("alice", alice)]) { test, _, application, token in
            try await Insider.asRole(test, in: "vtrack_api") { connection, _ in
                await Insider.expectRefused(connection, "SELECT id FROM messages", "42501")
                await Insider.expectRefused(connection, "DELETE FROM messages", "42501")
                await Insider.expectRefused(
                    connection,
                    "INSERT INTO messages (id, application_id, direction, author, sealed, inbox_encapsulated_key, inbox_wrapped_key, organisation_key_id, encapsulated_key, wrapped_key, sent_at) SELECT gen_random_uuid(), '\(application.id)', 'from_applicant', 'x', '\\x00', '\\x00', '\\x00', gen_random_uuid(), '\\x00', '\\x00', now()",
                    "42501")
                await Insider.expectRefused(
                    connection, "SELECT request_message_reveal(ARRAY['\(application.id)']::uuid[], gen_random_uuid())", "42501")
                await Insider.expectRefused(connection, "SELECT * FROM reveal_messages(gen_random_uuid())", "42501")
                // A claim to be the applicant without their token is ignored: the thread stays shut.
                _ = try await Insider.run(connection, "SELECT set_config('vtrack.actor', 'applicant:\(application.applicantID)', false)")
                let wrong = try await Insider.run(
                    connection, "SELECT count(*)::int FROM applicant_messages('\\x\(String(repeating: "00", count: 32))', '\\x00')")
                #expect(try wrong[0].decode(Int.self) == 0)
                let hash = StatusTokenHash.of(token).map { String(format: "%02x", $0) }.joined()
                let right = try await Insider.run(
                    connection,
                    "SELECT count(*)::int FROM applicant_messages('\\x\(hash)', '\\x\(String(repeating: "00", count: 32))')")
                #expect(try right[0].decode(Int.self) == 2, "the token opens the thread; the key given is kept only when none is stored")
            }
            #expect(
                try await test.values("SELECT encode(inbox_key, 'hex') FROM application_tokens")
                    == [InboxPrivateKey(statusToken: token).publicKey.rawRepresentation.map { String(format: "%02x", $0) }.joined()])
        }
    }

    @Test func revokingAKeyRotatesAndRewrapMovesMessagesTooThenDropsTheRetiredKey() async throws {
        let (alice, bob) = (self.alice, self.bob)
        try await Self.withThread(keys: [("alice", alice), ("bob", bob)]) { test, coordinator, application, token in
            _ = try await KeyRepository(database: coordinator).revoke(name: "bob", force: false)
            #expect(try await test.values("SELECT count(*)::text FROM organisation_keys") == ["2"])
            let summary = try await KeyRewrap(database: coordinator, key: alice).run()
            #expect(summary.moved == 1 && summary.messagesMoved == 2 && summary.notOpenableByRewrapper == 0)
            #expect(try await test.values("SELECT count(*)::text FROM organisation_keys") == ["1"], "the retired key is dropped")
            let thread = try await MessageRepository(database: coordinator).threads(of: [application.id], key: alice)
            #expect(thread.compactMap { try? $0.text.get() } == ["From the applicant", "From the organisation"])
            let applicantSide = try await test.withRole(in: "vtrack_api") { api in
                try await Database.withDatabase(api, logger: TestEnvironment.logger) {
                    try await SelfServiceRepository(database: $0).messages(
                        tokenHash: StatusTokenHash.of(token), inbox: InboxPrivateKey(statusToken: token))
                }
            }
            #expect(applicantSide?.compactMap(\.text) == ["From the applicant", "From the organisation"])
            #expect(
                try await test.values(
                    "SELECT payload->>'messages' FROM events WHERE event_type = 'organisation_key.rewrapped' AND payload ? 'messages'")
                    == ["2"])
        }
    }

    /// Retention erases through the same function, so this covers it.
    @Test func erasureTakesTheThreadAndItsInbox() async throws {
        try await Self.withThread(keys: [("alice", alice)]) { test, coordinator, application, _ in
            let outcome = try await ApplicantErasure(database: coordinator).erase(application.applicantID, reason: .retention)
            #expect(outcome == .erased)
            let left = try await test.values(
                "SELECT (SELECT count(*) FROM messages) || ' ' || (SELECT count(*) FROM application_tokens)")
            #expect(left == ["0 0"])
            await #expect(throws: MessagingError.self) {
                try await MessageRepository(database: coordinator).send(.text("Hello?"), to: [application.id])
            }
        }
    }
}
