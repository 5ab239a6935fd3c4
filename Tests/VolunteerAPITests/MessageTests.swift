import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@testable import VolunteerAPI

/// The sealed thread between coordinators and an applicant, end to end: a
/// coordinator writes with the store, the applicant reads and replies with
/// their status token through the API, a coordinator reads the reply with
/// their key.
@Suite struct MessageTests {
    static func apply(_ server: APITestServer) async throws -> (token: String, application: UUID) {
        let created = try await server.send(.post, "/v1/applications", json: APITestServer.applicationJSON())
        let token = try #require(created.json?["status_token"] as? String)
        let id = try #require((created.json?["id"] as? String).flatMap { UUID(uuidString: $0) })
        return (token, id)
    }

    static func thread(_ server: APITestServer, _ token: String) async throws -> [[String: Any]] {
        let answer = try await server.send(.get, "/v1/applications/me/messages", token: token)
        #expect(answer.status == .ok, "\(answer.text)")
        #expect(answer.headers[.cacheControl] == "no-store")
        return try #require(answer.json?["messages"] as? [[String: Any]])
    }

    @Test func aMessageAndItsReplyTravelSealedBothWays() async throws {
        try await APITestServer.with { server in
            let (token, application) = try await Self.apply(server)
            #expect(try await Self.thread(server, token).isEmpty)

            let question = "Which evenings suit you for a call?\nWe are in Prague."
            try await server.asCoordinator { database in
                _ = try await MessageRepository(database: database).send(.text(question), to: [application])
            }
            let received = try await Self.thread(server, token)
            #expect(received.count == 1)
            #expect(received.first?["text"] as? String == question && received.first?["from"] as? String == "organisation")

            let answer = "Tuesdays after 18:00 Kyiv time."
            let replyID = UUID()
            let reply = try await server.send(
                .post, "/v1/applications/me/messages", json: #"{"text": " \#(answer) ", "id": "\#(replyID)"}"#, token: token)
            #expect(reply.status == .created, "\(reply.text)")
            #expect((reply.json?["id"] as? String).flatMap { UUID(uuidString: $0) } == replyID)
            let again = try await server.send(
                .post, "/v1/applications/me/messages", json: #"{"text": "\#(answer)", "id": "\#(replyID)"}"#, token: token)
            #expect(again.status == .created && again.json?["sent_at"] as? String == reply.json?["sent_at"] as? String)
            #expect(try await server.count("messages") == 2, "the same id twice is one message")

            let mine = try await Self.thread(server, token)
            #expect(mine.map { $0["from"] as? String } == ["organisation", "applicant"])
            #expect(mine.last?["text"] as? String == answer)
            #expect(mine.first?["read_at"] is String, "the applicant has read the organisation's message")

            try await server.asCoordinator { database in
                let messages = MessageRepository(database: database)
                #expect(try await messages.inbox(limit: 10).map(\.applicationId) == [application])
                let thread = try await messages.threads(of: [application], key: server.alice)
                #expect(thread.map { try? $0.text.get() } == [question, answer])
                #expect(thread.map(\.direction) == [.toApplicant, .fromApplicant])
                #expect(thread.last?.author.hasPrefix("applicant:") == true)
                #expect(try await messages.inbox(limit: 10).isEmpty, "reading the thread marked the reply read")
            }
            let events = try await server.test.values(
                "SELECT event_type || ' ' || (actor LIKE 'applicant:%') FROM events WHERE event_type LIKE 'message%' ORDER BY seq")
            #expect(
                events == [
                    "message.sent false", "message.read true", "message.answered true", "messages.revealed false", "message.read false",
                ])
            let payloads = try await server.test.values("SELECT payload::text FROM events").compactMap { $0 }.joined(separator: "\n")
            #expect(!payloads.contains("evenings") && !payloads.contains("Tuesdays"), "events never carry a message's text")
        }
    }

    @Test func aDumpWithTheServersSecretsOpensNoMessage() async throws {
        try await APITestServer.with { server in
            let (token, application) = try await Self.apply(server)
            let secret = "the-secret-word-is-marmalade"
            try await server.asCoordinator { database in
                _ = try await MessageRepository(database: database).send(.text(secret), to: [application])
            }
            _ = try await server.send(.post, "/v1/applications/me/messages", json: #"{"text": "\#(secret) too"}"#, token: token)

            // Everything a dump holds, as the superuser reads it, and what the server's environment adds.
            let rows = try await server.test.values(
                """
                SELECT concat_ws(' ', m.id, encode(m.sealed, 'hex'), encode(m.inbox_encapsulated_key, 'hex'),
                                 encode(m.inbox_wrapped_key, 'hex'), encode(m.encapsulated_key, 'hex'), encode(m.wrapped_key, 'hex'),
                                 encode(t.token_hash, 'hex'), encode(t.inbox_key, 'hex'))
                FROM messages m JOIN application_tokens t USING (application_id) ORDER BY m.sent_at
                """
            ).compactMap { $0 }
            #expect(rows.count == 2)
            let dump = try await server.test.values("SELECT string_agg(encode(sealed, 'escape'), '') FROM messages").first!!
            #expect(!dump.contains("marmalade"), "sealed, not stored in clear")
            // The server's blind-index secret, as configured.
            let candidates = [String(repeating: "cd", count: 32)]
            for row in rows {
                let fields = row.split(separator: " ").map(String.init)
                let id = UUID(uuidString: fields[0])!
                let sealed = [UInt8](hex: fields[1])!
                let wrapped = WrappedKey(keyID: id, encapsulatedKey: [UInt8](hex: fields[2])!, ciphertext: [UInt8](hex: fields[3])!)
                // The token's hash, the inbox's public key and the blind index secret, taken for the token.
                for guess in candidates + [fields[6], fields[7]] {
                    #expect(throws: SealingError.self) {
                        try SealedMessage.open(sealed, id: id, wrapped: wrapped, with: InboxPrivateKey(statusToken: guess))
                    }
                }
                #expect(
                    try SealedMessage.open(sealed, id: id, wrapped: wrapped, with: InboxPrivateKey(statusToken: token)).contains(secret))
            }
        }
    }

    @Test func wrongAndErasedTokensReadNothingAndErasureTakesTheThread() async throws {
        try await APITestServer.with { server in
            let (token, application) = try await Self.apply(server)
            try await server.asCoordinator { database in
                _ = try await MessageRepository(database: database).send(.text("Hello"), to: [application])
            }
            let unknown = String(repeating: "Q", count: 43)
            let wrong = [
                try await server.send(.get, "/v1/applications/me/messages", token: unknown),
                try await server.send(.post, "/v1/applications/me/messages", json: #"{"text": "hi"}"#, token: unknown),
                try await server.send(.get, "/v1/applications/me", token: unknown),
            ]
            #expect(wrong.allSatisfy { $0.status == .notFound } && Set(wrong.map(\.body)).count == 1)
            #expect(try await server.send(.get, "/v1/applications/me/messages").status == .unauthorized)

            #expect(try await server.send(.delete, "/v1/applications/me", token: token).status == .noContent)
            let gone = [
                try await server.send(.get, "/v1/applications/me/messages", token: token),
                try await server.send(.post, "/v1/applications/me/messages", json: #"{"text": "hi"}"#, token: token),
            ]
            #expect(gone.allSatisfy { $0.status == .notFound && $0.body == wrong[0].body })
            #expect(try await server.count("messages") == 0, "erasure removes the thread")
            try await server.asCoordinator { database in
                await #expect(throws: MessagingError.noInbox(applications: [ShortID.display(application)])) {
                    try await MessageRepository(database: database).send(.text("Still there?"), to: [application])
                }
            }
        }
    }

    @Test func badRepliesAreRefusedAndNothingIsStored() async throws {
        try await APITestServer.with { server in
            let (token, _) = try await Self.apply(server)
            let cases: [(String, [String])] = [
                (#"{"text": "   "}"#, ["text"]),
                (#"{"text": "\#(String(repeating: "a", count: 4001))"}"#, ["text"]),
                (#"{"text": "ok\u0007"}"#, ["text"]),
                (#"{"text": 5}"#, ["text"]),
                (#"{"text": "ok", "id": "not-a-uuid"}"#, ["id"]),
                (#"{"text": "ok", "subject": "x"}"#, ["subject"]),
                (#"{}"#, ["text"]),
            ]
            for (body, fields) in cases {
                let answer = try await server.send(.post, "/v1/applications/me/messages", json: body, token: token)
                #expect(answer.status == .unprocessableContent && answer.fields == fields, "\(body.prefix(40)): \(answer.text)")
                #expect(answer.headers[.contentType] == "application/problem+json")
            }
            let notJSON = try await server.send(.post, "/v1/applications/me/messages", json: "{", token: token)
            #expect(notJSON.status == .badRequest)
            #expect(try await server.count("messages") == 0)

            for index in 1...MessagingError.unreadReplyLimit {
                let stored = try await server.send(
                    .post, "/v1/applications/me/messages", json: #"{"text": "note \#(index)"}"#, token: token)
                #expect(stored.status == .created)
            }
            let flooded = try await server.send(.post, "/v1/applications/me/messages", json: #"{"text": "one more"}"#, token: token)
            #expect(flooded.status == .tooManyRequests && flooded.problemType == "replies-waiting", "\(flooded.text)")
            #expect(try await server.count("messages") == MessagingError.unreadReplyLimit)

            let (other, _) = try await Self.apply(server)
            let taken = try await server.test.values("SELECT id::text FROM messages LIMIT 1").first!!
            let clash = try await server.send(
                .post, "/v1/applications/me/messages", json: #"{"text": "hi", "id": "\#(taken)"}"#, token: other)
            #expect(clash.status == .conflict, "an id from another thread is neither replayed nor stored")
        }
    }

    /// A database from before the organisation key seals for coordinator
    /// keys one by one; messages need the organisation key and wait for it.
    @Test func withoutTheOrganisationKeyRepliesWaitWith503() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { coordinator in
                try await APITestServer.seed(coordinator, key: nil)
                try await Database.withDatabase(coordinator, logger: TestEnvironment.logger) { database in
                    _ = try await KeyRepository(database: database).register(
                        name: "legacy", publicKey: CoordinatorPrivateKey.generate().publicKey)
                }
                try await test.withRole(in: "vtrack_api") { api in
                    try await Database.withDatabase(api, logger: TestEnvironment.logger) { server in
                        let keyring = RecipientKeyring(database: server, logger: TestEnvironment.logger)
                        let token = StatusToken.generate()
                        _ = try await ApplicationIntake(
                            keyring: keyring, blindIndex: APITestServer.blindIndex, applications: ApplicationRepository(database: server)
                        ).submit(
                            ApplicationDraft(
                                positionSlug: "editor", languages: ["uk"], skills: [], timeZone: "Europe/Kyiv", source: nil,
                                personalData: PersonalData(name: "Olha", email: "olha@example.org")),
                            receipt: IntakeReceipt(statusTokenHash: token.hash, inboxKey: token.inboxKey.publicKey))
                        let inbox = ApplicantInbox(
                            selfService: SelfServiceRepository(database: server), keyring: keyring,
                            deadline: DatabaseDeadline(metrics: ServerMetrics(databaseConnections: 1)))
                        await #expect(throws: ApplicantInbox.Refusal.notSetUp) {
                            _ = try await inbox.send("hi", id: UUID(), token: token)
                        }
                        #expect(MessageRoutes.problem(.notSetUp).status == .serviceUnavailable)
                        #expect(try await inbox.thread(token)?.isEmpty == true)
                    }
                }
            }
        }
    }
}
