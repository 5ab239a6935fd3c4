import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VolunteerAPI
import VolunteerTestSupport

/// Every answer to an allowed origin carries the CORS grant, error answers
/// included, and lets a script read `Retry-After`: without the grant a
/// browser shows a 429 or a 503 to the website's script as a network error.
/// Other origins get no grant on any answer.
@Suite struct CORSTests {
    static let allowed = "https://example.org"
    static let stranger = "https://evil.example"

    typealias Exchange = @Sendable (APITestServer, HTTPFields) async throws -> HTTPExchange

    /// A request for each error status a browser's script can meet, on a
    /// server without rate limits.
    static let errors: [(label: String, status: HTTPResponse.Status, exchange: Exchange)] = [
        (
            "no Idempotency-Key", .badRequest,
            { server, origin in
                try await server.send(
                    .post, "/v1/applications", json: APITestServer.applicationJSON(), headers: origin, idempotencyKey: nil)
            }
        ),
        (
            "no status token", .unauthorized,
            { server, origin in
                try await server.send(.get, "/v1/applications/me", headers: origin)
            }
        ),
        (
            "unknown route", .notFound,
            { server, origin in
                try await server.send(.get, "/v1/volunteers", headers: origin)
            }
        ),
        (
            "preflight of an unknown route", .notFound,
            { server, origin in
                try await server.send(.options, "/v1/volunteers", headers: origin.merging([.accessControlRequestMethod: "POST"]))
            }
        ),
        (
            "unsupported method", .methodNotAllowed,
            { server, origin in
                try await server.send(.delete, "/v1/positions", headers: origin)
            }
        ),
        (
            "withdrawn twice", .conflict,
            { server, origin in
                let created = try await server.send(
                    .post, "/v1/applications", json: APITestServer.applicationJSON(email: "\(UUID().uuidString)@example.org")
                )
                let token = try #require(created.json?["status_token"] as? String)
                try await server.send(.post, "/v1/applications/me/withdraw", headers: origin, token: token)
                return try await server.send(.post, "/v1/applications/me/withdraw", headers: origin, token: token)
            }
        ),
        (
            "body over 64 KiB", .contentTooLarge,
            { server, origin in
                try await server.send(
                    .post, "/v1/applications", json: "\"" + String(repeating: "x", count: 70_000) + "\"", headers: origin
                )
            }
        ),
        (
            "not JSON", .unsupportedMediaType,
            { server, origin in
                try await server.send(.post, "/v1/applications", json: "hello", headers: origin.merging([.contentType: "text/plain"]))
            }
        ),
        (
            "invalid fields", .unprocessableContent,
            { server, origin in
                try await server.send(.post, "/v1/applications", json: "[]", headers: origin)
            }
        ),
    ]

    static func expectGrant(_ answer: HTTPExchange, _ label: String) {
        #expect(answer.headers[.accessControlAllowOrigin] == allowed, "\(label)")
        let exposed = (answer.headers[.accessControlExposeHeaders] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(Set(["Retry-After", "WWW-Authenticate", "Allow"]).isSubset(of: Set(exposed)), "\(label): \(exposed)")
        #expect(answer.headers[values: .vary].contains("Origin"), "\(label)")
    }

    static func expectNoGrant(_ answer: HTTPExchange, _ label: String) {
        #expect(answer.headers[.accessControlAllowOrigin] == nil, "\(label)")
        #expect(answer.headers[.accessControlExposeHeaders] == nil, "\(label)")
        #expect(answer.headers[.accessControlAllowMethods] == nil, "\(label)")
    }

    @Test func errorAnswersCarryTheGrantForAnAllowedOriginOnly() async throws {
        try await APITestServer.with { server in
            for (label, status, exchange) in Self.errors {
                let answer = try await exchange(server, [.origin: Self.allowed])
                #expect(answer.status == status, "\(label): \(answer.status)")
                #expect(answer.headers[.contentType] == "application/problem+json", "\(label)")
                Self.expectGrant(answer, label)
                let refused = try await exchange(server, [.origin: Self.stranger])
                #expect(refused.status == status, "\(label), another origin: \(refused.status)")
                Self.expectNoGrant(refused, "\(label), another origin")
            }
        }
    }

    @Test func theRateLimitersAnswersCarryTheGrantAndAReadableRetryAfter() async throws {
        var settings = ServerSettings.unlimited
        settings.writesPerClientPerMinute = 1
        try await APITestServer.with(settings: settings) { server in
            try await server.send(.post, "/v1/applications", json: "[]", headers: [.origin: Self.allowed])
            let limited = try await server.send(.post, "/v1/applications", json: "[]", headers: [.origin: Self.allowed])
            #expect(limited.status == .tooManyRequests && limited.problemType == "rate-limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            Self.expectGrant(limited, "429")
            let stranger = try await server.send(.post, "/v1/applications", json: "[]", headers: [.origin: Self.stranger])
            #expect(stranger.status == .tooManyRequests)
            Self.expectNoGrant(stranger, "429, another origin")
        }
    }

    @Test func aDatabaseThatIsAwayIsA503WithTheGrantAndAReadableRetryAfter() async throws {
        try await APITestServer.with { server in
            try await TestDatabase.clusterSuperuser(#"ALTER DATABASE "\#(server.test.name)" ALLOW_CONNECTIONS false"#)
            try await TestDatabase.clusterSuperuser(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(server.test.name)'")
            let down = try await server.send(.get, "/v1/positions", headers: [.origin: Self.allowed])
            let stranger = try await server.send(.get, "/v1/positions", headers: [.origin: Self.stranger])
            try await TestDatabase.clusterSuperuser(#"ALTER DATABASE "\#(server.test.name)" ALLOW_CONNECTIONS true"#)
            #expect(down.status == .serviceUnavailable && down.problemType == "database-unavailable", "\(down.status)")
            #expect(down.headers[.retryAfter] == "5")
            Self.expectGrant(down, "503")
            #expect(stranger.status == .serviceUnavailable)
            Self.expectNoGrant(stranger, "503, another origin")
        }
    }

    @Test func aPreflightIsGrantedToAnAllowedOriginOnly() async throws {
        try await APITestServer.with { server in
            let preflight = try await server.send(
                .options, "/v1/applications",
                headers: [
                    .origin: Self.allowed, .accessControlRequestMethod: "POST",
                    .accessControlRequestHeaders: "content-type, idempotency-key",
                ])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == Self.allowed)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
            #expect(preflight.headers[.accessControlAllowHeaders] == "Content-Type, Authorization, Idempotency-Key")
            #expect(preflight.headers[.accessControlMaxAge] == "600")
            #expect(preflight.headers[values: .vary].contains("Origin"))
            let stranger = try await server.send(
                .options, "/v1/applications",
                headers: [
                    .origin: Self.stranger, .accessControlRequestMethod: "POST",
                ])
            #expect(stranger.status == .noContent && stranger.headers[.allow] != nil)
            Self.expectNoGrant(stranger, "preflight, another origin")
            let read = try await server.send(.get, "/v1/positions", headers: [.origin: Self.allowed])
            #expect(read.status == .ok)
            Self.expectGrant(read, "a read")
            #expect(
                try await server.send(.get, "/v1/positions").headers[values: .vary].contains("Origin"),
                "a cache must not give a browser the answer to a request without Origin")
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        for field in other { merged[field.name] = field.value }
        return merged
    }
}
