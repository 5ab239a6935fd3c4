import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VolunteerTestSupport

@testable import VolunteerAPI

/// Who counts as one client, the status reads' own budget, and what the
/// server says about an `X-Forwarded-For` it does not believe.
@Suite struct RateLimitTests {
    @Test(arguments: [
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", true),
        ("2001:db8:1:2::1", "[2001:db8:1:2::9]:443", true),
        ("2001:db8:1:2::1", "2001:db8:1:3::1", false),
        ("::ffff:192.0.2.1", "192.0.2.1", true),
        ("192.0.2.1:8080", "192.0.2.1", true),
        ("192.0.2.1", "192.0.2.2", false),
    ])
    func anIPv6ClientIsItsSlash64(first: String, second: String, same: Bool) {
        #expect((ClientAddress.network(of: first) == ClientAddress.network(of: second)) == same)
    }

    static var behindProxy: ServerSettings {
        var settings = ServerSettings.unlimited
        settings.trustedProxies = ["127.0.0.1"]
        settings.writesPerClientPerMinute = 2
        return settings
    }

    static func write(_ server: APITestServer, from client: String) async throws -> HTTPResponse.Status {
        try await server.send(.post, "/v1/applications", json: "[]", headers: [.xForwardedFor: "198.51.100.7, \(client)"]).status
    }

    @Test func addressesInOneSlash64ShareABudgetAndAnotherSlash64HasItsOwn() async throws {
        try await APITestServer.with(settings: Self.behindProxy) { server in
            var statuses: [HTTPResponse.Status] = []
            // The third is a new address in the same /64; the fourth is the next /64, someone else.
            for client in ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:abcd::3", "2001:db8:1:3::1"] {
                statuses.append(try await RateLimitTests.write(server, from: client))
            }
            #expect(statuses == [.unprocessableContent, .unprocessableContent, .tooManyRequests, .unprocessableContent])
        }
    }

    @Test func statusReadsHaveTheirOwnBudget() async throws {
        var settings = ServerSettings.unlimited
        settings.statusReadsPerClientPerMinute = 3
        settings.writesPerClientPerMinute = 2
        try await APITestServer.with(settings: settings) { server in
            let token = String(repeating: "A", count: 43)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 { statuses.append(try await server.send(.get, "/v1/applications/me", token: token).status) }
            #expect(statuses == [.notFound, .notFound, .notFound, .tooManyRequests])
            let head = try await server.send(.head, "/v1/applications/me", token: token)
            #expect(head.status == .methodNotAllowed, "HEAD is not served, so not counted either")
            #expect(
                try await server.send(.post, "/v1/applications", json: "[]").status == .unprocessableContent, "writes keep their own budget"
            )
            #expect(try await server.send(.get, "/v1/positions").status == .ok, "other reads are not limited")
            #expect(try await server.send(.post, "/v1/applications", json: "[]").status == .unprocessableContent)
            let write = try await server.send(.post, "/v1/applications", json: "[]")
            #expect(write.status == .tooManyRequests && write.problemType == "rate-limited")
            #expect(try await server.send(.get, "/v1/applications/me", token: token).status == .tooManyRequests)
        }
    }

    @Test func anUntrustedXForwardedForIsIgnoredAndLoggedOnceWithoutAddresses() async throws {
        try await LiveServer.withSeededDatabase { _, login in
            try await LiveServer.with(login, environment: ["VTRACK_RATE_LIMIT_PER_CLIENT": "2"]) { server in
                var statuses: [Int] = []
                for hop in 1...4 {
                    // A client that invents a new address each time is still one client.
                    let (_, status) = try await ServerLogPrivacyTests.send(
                        "POST", "\(server.base)/v1/applications", body: "[]",
                        headers: [
                            "Content-Type": "application/json", "X-Forwarded-For": "203.0.113.\(hop)", "Idempotency-Key": UUID().uuidString,
                        ]
                    )
                    statuses.append(status)
                }
                #expect(statuses == [422, 422, 429, 429])
                let log = try await server.stop()
                let lines = log.split(separator: "\n").filter { $0.contains("X-Forwarded-For") }
                #expect(lines.count == 1, "\(log)")
                #expect(!log.contains("203.0.113."), "the header's value is never logged")
                #expect(lines.allSatisfy { !$0.contains("127.0.0.1") }, "nor the peer's address")
            }
        }
    }
}
