import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VolunteerTestSupport

/// Every kind of bad input gets a specific 4xx, names the fields without
/// repeating their values, and stores nothing.
@Suite struct BadInputTests {
    func replacing(_ field: String, with value: String) -> String {
        let body = try! JSONSerialization.jsonObject(with: Data(APITestServer.applicationJSON().utf8)) as! [String: Any]
        var copy = body
        copy[field] = try! JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        return String(decoding: try! JSONSerialization.data(withJSONObject: copy), as: UTF8.self)
    }

    @Test func invalidFieldsAre422WithTheirNames() async throws {
        let cases: [(String, String, [String])] = [
            ("unknown field", APITestServer.applicationJSON(extra: #", "ip": "1.2.3.4""#), ["ip"]),
            ("wrong type", replacing("languages", with: #""uk""#), ["languages"]),
            ("null for an optional field", replacing("skills", with: "null"), ["skills"]),
            ("null for a required field", replacing("name", with: "null"), ["name"]),
            ("name too long", replacing("name", with: "\"" + String(repeating: "x", count: 101) + "\""), ["name"]),
            ("empty name", replacing("name", with: #""   ""#), ["name"]),
            ("NUL in name", replacing("name", with: #""Secret\u0000Name""#), ["name"]),
            ("line break in name", replacing("name", with: #""Secret\nName""#), ["name"]),
            ("no contact", replacing("contact", with: "{}"), ["contact"]),
            ("bad e-mail", replacing("contact", with: #"{"email": "secret-person"}"#), ["contact.email"]),
            ("bad telegram", replacing("contact", with: #"{"telegram": "@x"}"#), ["contact.telegram"]),
            ("unknown contact", replacing("contact", with: #"{"phone": "+380000"}"#), ["contact.phone", "contact"]),
            ("bad language", replacing("languages", with: #"["ukrainian"]"#), ["languages[0]"]),
            ("no languages", replacing("languages", with: "[]"), ["languages"]),
            ("time zone", replacing("time_zone", with: #""Mars/Olympus""#), ["time_zone"]),
            ("abbreviated zone", replacing("time_zone", with: #""EST""#), ["time_zone"]),
            ("motivation too long", replacing("motivation", with: "\"" + String(repeating: "m", count: 4001) + "\""), ["motivation"]),
            ("no consent", replacing("consent", with: #"{"privacy_policy_version": "2026-01", "accepted": false}"#), ["consent.accepted"]),
            (
                "unknown privacy notice", replacing("consent", with: #"{"privacy_policy_version": "2025-07", "accepted": true}"#),
                ["consent.privacy_policy_version"]
            ),
            (
                "consent as string", replacing("consent", with: #"{"privacy_policy_version": "2026-01", "accepted": "yes"}"#),
                ["consent.accepted"]
            ),
            (
                "overlapping windows",
                replacing(
                    "availability",
                    with:
                        #"{"windows": [{"day": "mon", "start": "10:00", "end": "12:00"}, {"day": "mon", "start": "11:00", "end": "13:00"}]}"#
                ), ["availability.windows[1]"]
            ),
            (
                "empty window", replacing("availability", with: #"{"windows": [{"day": "mon", "start": "10:00", "end": "10:00"}]}"#),
                ["availability.windows[0]"]
            ),
            (
                "bad time", replacing("availability", with: #"{"windows": [{"day": "mon", "start": "25:00", "end": "10:00"}]}"#),
                ["availability.windows[0].start"]
            ),
            (
                "blackout backwards", replacing("availability", with: #"{"blackouts": [{"from": "2026-12-10", "to": "2026-12-01"}]}"#),
                ["availability.blackouts[0].to"]
            ),
            ("too many hours", replacing("availability", with: #"{"hours_per_week": 169}"#), ["availability.hours_per_week"]),
            ("unknown skill", replacing("skills", with: #"["knitting"]"#), ["skills"]),
            ("unknown source", replacing("source", with: #""carrier-pigeon""#), ["source"]),
            ("closed position", APITestServer.applicationJSON(position: "archivist"), ["position"]),
            ("unknown position", APITestServer.applicationJSON(position: "astronaut"), ["position"]),
        ]
        try await APITestServer.with { server in
            for (label, body, fields) in cases {
                let answer = try await server.send(.post, "/v1/applications", json: body)
                #expect(answer.status == .unprocessableContent, "\(label): \(answer.status)")
                #expect(answer.headers[.contentType] == "application/problem+json", "\(label)")
                #expect(answer.problemType == "validation-failed", "\(label)")
                #expect(Set(fields).isSubset(of: Set(answer.fields)), "\(label): \(answer.fields)")
                for secret in ["Secret", "secret-person", "Olha", "olha@example.org", "knitting", "carrier"] {
                    #expect(!answer.text.contains(secret), "\(label) echoed a value")
                }
            }
            #expect(try await server.count("applicants") == 0)
            #expect(try await server.count("idempotency_keys") == 0)
        }
    }

    @Test func malformedBodiesAre4xxNeverServerErrors() async throws {
        try await APITestServer.with { server in
            let notJSON = try await server.send(.post, "/v1/applications", json: "{\"position\": ")
            #expect(notJSON.status == .badRequest && notJSON.problemType == "malformed-json")
            let invalidUTF8 = try await server.send(
                .post, "/v1/applications", raw: ByteBuffer(bytes: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]),
                headers: [.contentType: "application/json"]
            )
            #expect(invalidUTF8.status == .badRequest)
            let rawNUL = try await server.send(
                .post, "/v1/applications", raw: ByteBuffer(bytes: Array(#"{"name": "a"#.utf8) + [0] + Array(#""}"#.utf8)),
                headers: [.contentType: "application/json"]
            )
            #expect(rawNUL.status == .badRequest)
            let array = try await server.send(.post, "/v1/applications", json: "[1, 2]")
            #expect(array.status == .unprocessableContent && array.fields == ["body"])
            let text = try await server.send(.post, "/v1/applications", json: "hello", headers: [.contentType: "text/plain"])
            #expect(text.status == .unsupportedMediaType && text.problemType == "unsupported-media-type")
            let none = try await server.send(.post, "/v1/applications", raw: ByteBuffer(string: "{}"))
            #expect(none.status == .unsupportedMediaType)
            let huge = try await server.send(
                .post, "/v1/applications",
                json: APITestServer.applicationJSON(extra: ", \"padding\": \"" + String(repeating: "p", count: 70_000) + "\"")
            )
            #expect(huge.status == .contentTooLarge)
            #expect(huge.headers[.contentType] == "application/problem+json")
            #expect(try await server.count("applicants") == 0)
        }
    }

    @Test func unsupportedMethodsAre405WithAllow() async throws {
        try await APITestServer.with { server in
            let put = try await server.send(.put, "/v1/positions", json: "{}")
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "GET, OPTIONS")
            let get = try await server.send(.get, "/v1/applications")
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers[.allow] == "POST, OPTIONS")
            let patch = try await server.send(.patch, "/v1/applications/me", json: "{}")
            #expect(patch.status == .methodNotAllowed && patch.problemType == "method-not-allowed")
        }
    }
}
