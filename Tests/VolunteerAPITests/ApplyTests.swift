import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VolunteerAPI
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// `POST /v1/applications` over a real HTTP connection, as the server's role.
@Suite struct ApplyTests {
    @Test func anApplicationIsSealedStoredAndAnsweredOnceWithItsToken() async throws {
        try await APITestServer.with { server in
            let created = try await server.send(.post, "/v1/applications", json: APITestServer.applicationJSON())
            #expect(created.status == .created, "\(created.text)")
            #expect(created.headers[.cacheControl] == "no-store")
            #expect(created.headers[.server] == nil)
            let body = try #require(created.json)
            #expect(Set(body.keys) == ["id", "status", "status_token"])
            #expect(body["status"] as? String == "submitted")
            let token = try #require(body["status_token"] as? String)
            #expect(token.count == 43)
            let id = try #require((body["id"] as? String).flatMap(UUID.init(uuidString:)))

            let me = try await server.send(.get, "/v1/applications/me", token: token)
            #expect(me.status == .ok)
            #expect(me.json?["position"] as? String == "editor")
            #expect(me.json?["status"] as? String == "submitted")
            #expect((me.json?["timeline"] as? [[String: Any]])?.count == 1)
            #expect(me.headers[.cacheControl] == "no-store")

            try await server.asCoordinator { database in
                let application = try await ApplicationRepository(database: database).find(id: id)
                let opened = try await PersonalDataRepository(database: database, key: server.alice).reveal([application.applicantID])
                #expect(
                    opened[application.applicantID]
                        == .opened(
                            PersonalData(
                                name: "Olha Testova", email: "olha@example.org", telegram: "@olha_test", motivation: "I edit."
                            )))
                let events = try await EventLog(database: database).list(.init(entityType: "application", entityID: id))
                #expect(events.map(\.actor) == ["applicant:\(application.applicantID.uuidString.lowercased())"])
                let detail = try await ApplicationRepository(database: database).detail(id: id)
                #expect(detail.privacyNotice == "2026-01" && detail.consentedAt != nil, "applications show names the accepted notice")
            }
            #expect(try await server.test.values("SELECT count(*)::text FROM availability_windows") == ["2"])
            #expect(try await server.count("applicant_data_keys") == 1, "sealed once, for the organisation key")
            #expect(try await server.count("applicant_keys") == 0, "not for each coordinator key")
            #expect(
                try await server.test.values("SELECT privacy_policy_version || ' ' || (consented_at IS NOT NULL)::text FROM applicants")
                    == ["2026-01 true"])
            let stored = try await server.test.values("SELECT encode(token_hash, 'hex') FROM application_tokens")
            #expect(stored.count == 1 && !(stored[0] ?? "").contains(token), "only the token's hash is stored")
        }
    }

    @Test func aRetryGetsTheSameBytesAndNothingIsStoredTwice() async throws {
        try await APITestServer.with { server in
            let key = UUID().uuidString
            let body = APITestServer.applicationJSON()
            let first = try await server.send(.post, "/v1/applications", json: body, idempotencyKey: key)
            let again = try await server.send(.post, "/v1/applications", json: body, idempotencyKey: key)
            #expect(first.status == .created && again.status == .created)
            #expect(first.body == again.body, "byte for byte")
            let other = try await server.send(
                .post, "/v1/applications", json: APITestServer.applicationJSON(name: "Someone Else"), idempotencyKey: key)
            #expect(other.status == .unprocessableContent)
            #expect(other.problemType == "idempotency-key-reused")
            #expect(try await server.count("applications") == 1)
            #expect(try await server.test.values("SELECT count(*)::text FROM events WHERE event_type = 'application.submitted'") == ["1"])

            let missing = try await server.send(.post, "/v1/applications", json: body, idempotencyKey: nil)
            #expect(missing.status == .badRequest)
            #expect(missing.problemType == "idempotency-key-missing")
            let short = try await server.send(.post, "/v1/applications", json: body, idempotencyKey: "short")
            #expect(short.status == .badRequest)
        }
    }

    @Test func fiftyConcurrentRetriesMakeOneApplication() async throws {
        try await APITestServer.with { server in
            let key = UUID().uuidString
            let body = APITestServer.applicationJSON()
            let answers = try await withThrowingTaskGroup(of: HTTPExchange.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await server.sendOnItsOwnConnection(.post, "/v1/applications", json: body, idempotencyKey: key) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let created = answers.filter { $0.status == .created }
            #expect(!created.isEmpty)
            #expect(Set(created.map(\.body)).count == 1, "every 201 is the same response")
            #expect(answers.allSatisfy { $0.status == .created || ($0.status == .conflict && $0.problemType == "idempotency-in-progress") })
            #expect(try await server.count("applications") == 1)
            #expect(try await server.test.values("SELECT count(*)::text FROM events WHERE event_type = 'application.submitted'") == ["1"])
            // Not on the test client's connection: it has stayed silent since the test began, longer
            // than the server's head timeout on a loaded machine, and the server has rightly closed it.
            let replay = try await server.sendOnItsOwnConnection(.post, "/v1/applications", json: body, idempotencyKey: key)
            #expect(replay.body == created.first?.body)
        }
    }

    @Test func withoutACoordinatorKeyNothingIsStoredAndTheAnswerIs503() async throws {
        try await APITestServer.with(registerKey: false) { server in
            let refused = try await server.send(.post, "/v1/applications", json: APITestServer.applicationJSON())
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.problemType == "sealing-unavailable")
            #expect(try await server.count("applicants") == 0)
            #expect(try await server.count("idempotency_keys") == 0, "no key is taken, so a retry can run")
        }
    }
}
