import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// `/v1/applications/me` with the status token.
@Suite struct SelfServiceTests {
    static func apply(_ server: APITestServer) async throws -> String {
        let created = try await server.send(.post, "/v1/applications", json: APITestServer.applicationJSON())
        return try #require(created.json?["status_token"] as? String)
    }

    @Test func unknownAndMalformedTokensAllGetTheSame404() async throws {
        try await APITestServer.with { server in
            _ = try await Self.apply(server)
            let missing = try await server.send(.get, "/v1/applications/me")
            #expect(missing.status == .unauthorized && missing.headers[.wwwAuthenticate] == "Bearer")
            let answers = [
                try await server.send(.get, "/v1/applications/me", token: "not-a-token"),
                try await server.send(.get, "/v1/applications/me", token: String(repeating: "A", count: 43)),
                try await server.send(.post, "/v1/applications/me/withdraw", token: String(repeating: "B", count: 43)),
                try await server.send(.delete, "/v1/applications/me", token: String(repeating: "C", count: 43)),
            ]
            #expect(answers.allSatisfy { $0.status == .notFound })
            #expect(Set(answers.map(\.body)).count == 1, "nothing tells them apart")
        }
    }

    @Test func withdrawingOnceWorksAndTwiceIsAConflict() async throws {
        try await APITestServer.with { server in
            let token = try await Self.apply(server)
            let withdrawn = try await server.send(.post, "/v1/applications/me/withdraw", token: token)
            #expect(withdrawn.status == .ok)
            #expect(withdrawn.json?["status"] as? String == "withdrawn")
            let again = try await server.send(.post, "/v1/applications/me/withdraw", token: token)
            #expect(again.status == .conflict && again.problemType == "conflict")
            let me = try await server.send(.get, "/v1/applications/me", token: token)
            #expect((me.json?["timeline"] as? [[String: Any]])?.compactMap { $0["status"] as? String } == ["submitted", "withdrawn"])
            let actors = try await server.test.values("SELECT DISTINCT actor FROM events WHERE entity_type = 'application'")
            #expect(actors.count == 1 && actors[0]?.hasPrefix("applicant:") == true)
        }
    }

    @Test func availabilityIsReplacedAndValidated() async throws {
        try await APITestServer.with { server in
            let token = try await Self.apply(server)
            let body = #"{"hours_per_week": 4, "windows": [{"day": "sat", "start": "09:00", "end": "13:00"}], "blackouts": []}"#
            let stored = try await server.send(.put, "/v1/applications/me/availability", json: body, token: token)
            #expect(stored.status == .ok, "\(stored.text)")
            #expect((stored.json?["windows"] as? [[String: Any]])?.first?["start"] as? String == "09:00")
            #expect(try await server.test.values("SELECT day::text || start_minute FROM availability_windows") == ["sat540"])
            let overlapping = try await server.send(
                .put, "/v1/applications/me/availability",
                json: #"{"windows": [{"day": "sun", "start": "23:00", "end": "02:00"}, {"day": "mon", "start": "01:00", "end": "03:00"}]}"#,
                token: token
            )
            #expect(overlapping.status == .unprocessableContent)
            #expect(overlapping.fields == ["windows[1]"], "across midnight and the week's end")
            let tiny = try await server.send(.put, "/v1/applications/me/availability", json: #"{"hours_per_week": 5e-324}"#, token: token)
            #expect(tiny.status == .unprocessableContent && tiny.fields == ["hours_per_week"], "rounds to zero hours")
            let unknown = try await server.send(.put, "/v1/applications/me/availability", json: #"{"days": 3}"#, token: token)
            #expect(unknown.status == .unprocessableContent && unknown.fields == ["days"])
            let event = try await server.test.values("SELECT payload::text FROM events WHERE event_type = 'availability.updated'")
            #expect(event.count == 1)
        }
    }

    @Test func erasureRemovesThePersonAndKeepsTheChainValid() async throws {
        try await APITestServer.with { server in
            let token = try await Self.apply(server)
            let erased = try await server.send(.delete, "/v1/applications/me", token: token)
            #expect(erased.status == .noContent)
            #expect(try await server.send(.get, "/v1/applications/me", token: token).status == .notFound)
            #expect(try await server.send(.delete, "/v1/applications/me", token: token).status == .notFound)
            for table in [
                "applicant_personal_data", "applicant_keys", "applicant_data_keys", "availability_windows", "availability_blackouts",
                "application_tokens", "applicant_skills",
            ] {
                #expect(try await server.count(table) == 0, "\(table)")
            }
            #expect(
                try await server.test.values(
                    """
                    SELECT concat_ws(' ', email_index IS NULL, erased_at IS NOT NULL, erasure_reason, languages, time_zone IS NULL,
                                     hours_per_week IS NULL, privacy_policy_version)
                    FROM applicants
                    """) == ["t t applicant {} t t 2026-01"], "consent stays: it is what the person agreed to")
            #expect(try await server.test.values("SELECT status::text FROM applications") == ["withdrawn"])
            try await server.asCoordinator { database in
                try await EventSealing.sealAll(database)
                let verification = try await EventChainVerifier(database: database).verify()
                #expect(verification.isIntact && verification.unsealed == 0)
                let events = try await EventLog(database: database).list(.init(entityType: "applicant"))
                let erasure = try #require(events.first { $0.eventType == "applicant.erased" })
                #expect(erasure.payload == #"{"reason": "applicant"}"#)
                #expect(erasure.actor.hasPrefix("applicant:"))
            }
        }
    }
}
