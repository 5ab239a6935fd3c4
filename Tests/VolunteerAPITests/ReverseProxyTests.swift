import Foundation
import Testing
import VolunteerTestSupport

/// Two real vtrack-server processes on one database, behind nginx: the
/// server keeps no state of its own, so any instance may take any request.
@Suite struct ReverseProxyTests {
    static let behindProxy = ["VTRACK_TRUSTED_PROXIES": "127.0.0.1"]

    /// Two instances and nginx in front of them, stopped afterwards; `body`
    /// gets both and the proxy. Returns the instances' logs.
    @discardableResult
    static func withTwoInstances(
        environment: [String: String] = [:], _ body: (TestDatabase, [LiveServer], ReverseProxy) async throws -> Void
    ) async throws -> [String] {
        var logs: [String] = []
        try await LiveServer.withSeededDatabase { test, login in
            try await LiveServer.with(login, environment: behindProxy.merging(environment) { $1 }) { first in
                try await LiveServer.with(login, environment: behindProxy.merging(environment) { $1 }) { second in
                    try await ReverseProxy.with(upstreams: [first.port, second.port]) { proxy in
                        #expect(try await ServerProcessTests.get("\(proxy.base)/ready", within: .seconds(10)) == 200, "\(proxy.errorLog)")
                        try await body(test, [first, second], proxy)
                        logs = [try await first.stop(), try await second.stop()]
                    }
                }
            }
        }
        return logs
    }

    static func application(email: String) -> String {
        APITestServer.applicationJSON(email: email)
    }

    @Test func applicationsThroughTheProxyLandOnceWhicheverInstanceTakesThem() async throws {
        let logs = try await Self.withTwoInstances { test, _, proxy in
            var created: [[String: Any]] = []
            for number in 0..<10 {
                let (answer, status) = try await ServerLogPrivacyTests.send(
                    "POST", "\(proxy.base)/v1/applications", body: Self.application(email: "proxy\(number)@example.org"),
                    headers: ["Content-Type": "application/json", "Idempotency-Key": UUID().uuidString]
                )
                #expect(status == 201)
                created.append(answer)
            }
            // Read back through the proxy: the other instance may answer.
            for answer in created {
                let token = try #require(answer["status_token"] as? String)
                let (mine, read) = try await ServerLogPrivacyTests.send(
                    "GET", "\(proxy.base)/v1/applications/me", headers: ["Authorization": "Bearer \(token)"])
                #expect(read == 200 && mine["id"] as? String == answer["id"] as? String)
            }
            #expect(try await test.values("SELECT count(*)::text FROM applications") == ["10"])
        }
        let created = logs.map { $0.components(separatedBy: #""http.status":"201""#).count - 1 }
        #expect(created.reduce(0, +) == 10, "each application was taken by one instance, once")
        #expect(created.allSatisfy { $0 > 0 }, "both instances took some: \(created)")
    }

    /// POSTs an invalid application through the proxy from a loopback
    /// address of its own, saying it comes from somewhere else.
    static func write(through proxy: ReverseProxy, from client: String, claiming forged: String) async throws -> Int? {
        let connection = try RawConnection(port: proxy.port, from: client)
        connection.send(
            "POST /v1/applications HTTP/1.1\r\nHost: vtrack\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + "Idempotency-Key: \(UUID().uuidString)\r\nX-Forwarded-For: \(forged)\r\nConnection: close\r\n\r\n[]"
        )
        return try await connection.response()?.status
    }

    @Test func theProxysXForwardedForTellsClientsApart() async throws {
        try await Self.withTwoInstances(environment: ["VTRACK_RATE_LIMIT_PER_CLIENT": "3"]) { _, _, proxy in
            // Limits are per instance: 3 each, so the client is refused by its 7th write at the latest.
            var statuses: [Int?] = []
            for hop in 1...8 {
                statuses.append(try await Self.write(through: proxy, from: "127.0.0.2", claiming: "203.0.113.\(hop)"))
            }
            #expect(statuses.prefix(6).allSatisfy { $0 == 422 }, "\(statuses)")
            #expect(statuses.suffix(2) == [429, 429], "a forged hop before the proxy's own changes nothing: \(statuses)")
            #expect(
                try await Self.write(through: proxy, from: "127.0.0.3", claiming: "203.0.113.1") == 422, "another client has its own budget"
            )
        }
    }

    @Test func oneIdempotencyKeySentToBothInstancesAtOnceMakesOneApplication() async throws {
        try await Self.withTwoInstances { test, servers, _ in
            for round in 0..<5 {
                let key = UUID().uuidString
                let body = Self.application(email: "race\(round)@example.org")
                let headers = ["Content-Type": "application/json", "Idempotency-Key": key]
                async let first = ServerLogPrivacyTests.send("POST", "\(servers[0].base)/v1/applications", body: body, headers: headers)
                async let second = ServerLogPrivacyTests.send("POST", "\(servers[1].base)/v1/applications", body: body, headers: headers)
                let answers = try await [first, second]
                let statuses = answers.map(\.1).sorted()
                #expect(statuses == [201, 201] || statuses == [201, 409], "round \(round): \(statuses)")
                let ids = Set(answers.compactMap { $0.0["id"] as? String })
                #expect(ids.count == 1, "a replay answers with the same application")
            }
            #expect(try await test.values("SELECT count(*)::text FROM applications") == ["5"])
        }
    }
}
