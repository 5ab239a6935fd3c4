import Foundation
import Testing
import VolunteerStore
import VolunteerTestSupport

@testable import VolunteerAPI

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Prometheus listener of the real binary: its figures move with the
/// traffic, and no label holds a path, a value, a token or an address.
@Suite struct MetricsTests {
    /// The scrape of `port`'s `/metrics`.
    static func scrape(_ port: Int) async throws -> String {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        return String(decoding: data, as: UTF8.self)
    }

    /// The value of the series `name` whose labels include `labels`; nil if absent.
    static func value(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
        text.split(separator: "\n").lazy.filter { !$0.hasPrefix("#") }.compactMap { line -> Double? in
            guard line.hasPrefix(name + "{") || line.hasPrefix(name + " ") else { return nil }
            guard labels.allSatisfy({ line.contains(#"\#($0.key)="\#($0.value)""#) }) else { return nil }
            return line.split(separator: " ").last.flatMap { Double($0) }
        }.first
    }

    /// A live server with its metrics listener on a port reserved for it; `body` gets both.
    static func withServer<Result>(_ login: DatabaseSettings, _ body: (LiveServer, Int) async throws -> Result) async throws -> Result {
        let metrics = try ReservedPort()
        return try await LiveServer.with(login, environment: ["VTRACK_METRICS_ADDRESS": "127.0.0.1:\(metrics.number)"], holding: [metrics])
        {
            try await body($0, metrics.number)
        }
    }

    @Test func theFiguresMoveWithTheTraffic() async throws {
        try await LiveServer.withSeededDatabase { _, login in
            try await Self.withServer(login) { server, metricsPort in
                let before = try await Self.scrape(metricsPort)
                #expect(Self.value(before, "vtrack_applications_accepted_total") == 0)
                #expect(Self.value(before, "vtrack_database_connections_max") == 10)

                let (_, onPublicPort) = try await ServerLogPrivacyTests.send("GET", "\(server.base)/metrics")
                #expect(onPublicPort == 404, "the public port does not serve the metrics")
                let json = ["Content-Type": "application/json"]
                let (created, status) = try await ServerLogPrivacyTests.send(
                    "POST", "\(server.base)/v1/applications", body: APITestServer.applicationJSON(),
                    headers: json.merging(["Idempotency-Key": UUID().uuidString]) { $1 }
                )
                #expect(status == 201)
                let token = try #require(created["status_token"] as? String)
                let id = try #require(created["id"] as? String)
                _ = try await ServerLogPrivacyTests.send(
                    "POST", "\(server.base)/v1/applications", body: "[]",
                    headers: json.merging(["Idempotency-Key": UUID().uuidString]) { $1 })
                _ = try await ServerLogPrivacyTests.send("POST", "\(server.base)/v1/applications", body: "{}", headers: json)
                _ = try await ServerLogPrivacyTests.send(
                    "GET", "\(server.base)/v1/applications/me", headers: ["Authorization": "Bearer \(token)"])
                _ = try await ServerLogPrivacyTests.send("GET", "\(server.base)/v1/positions/editor")
                _ = try await ServerLogPrivacyTests.send("GET", "\(server.base)/v1/positions/olha-\(token.prefix(8))")
                _ = try await ServerLogPrivacyTests.send("GET", "\(server.base)/no/such/\(id)")

                // The sealing service reads the chain's backlog every second; it seals only
                // below the cluster's oldest running transaction, which other tests may hold
                // back for as long as they like: no deadline of ours, the suite's bound is enough.
                var after = try await Self.scrape(metricsPort)
                while (Self.value(after, "vtrack_audit_chain_head_position") ?? 0) < 1
                    || Self.value(after, "vtrack_audit_unsealed_events") != 0
                {
                    try await Task.sleep(for: .milliseconds(200))
                    after = try await Self.scrape(metricsPort)
                }
                #expect(Self.value(after, "vtrack_applications_accepted_total") == 1)
                #expect(Self.value(after, "vtrack_applications_refused_total", ["reason": "validation-failed"]) == 1)
                #expect(Self.value(after, "vtrack_applications_refused_total", ["reason": "idempotency-key-missing"]) == 1)
                let slug = ["route": "/v1/positions/{slug}", "method": "GET"]
                #expect(Self.value(after, "vtrack_http_requests_total", slug.merging(["status": "200"]) { $1 }) == 1)
                #expect(Self.value(after, "vtrack_http_requests_total", slug.merging(["status": "404"]) { $1 }) == 1)
                #expect(
                    Self.value(after, "vtrack_http_requests_total", ["route": "unmatched", "status": "404"]) == 2, "/metrics and /no/such/…"
                )
                #expect(Self.value(after, "vtrack_http_requests_total", ["route": "/v1/applications", "status": "201"]) == 1)
                #expect(Self.value(after, "vtrack_http_request_duration_seconds_count", ["route": "/v1/applications"]) == 3)
                #expect(Self.value(after, "vtrack_database_calls_in_flight") == 0)
                // The application, its status, and the position: a slug that cannot be one asks nothing.
                #expect(Self.value(after, "vtrack_database_call_duration_seconds_count") == 3)
                #expect((Self.value(after, "vtrack_audit_chain_head_position") ?? 0) >= 1)
                #expect(Self.value(after, "vtrack_audit_unsealed_events") == 0)
                #expect(Self.value(after, "vtrack_audit_oldest_unsealed_age_seconds") == 0)

                for secret in [
                    token, id, String(token.prefix(8)), String(id.prefix(8)), "olha", "example.org", "127.0.0.1", "/v1/positions/editor",
                    "/no/such",
                ] {
                    #expect(!after.lowercased().contains(secret.lowercased()), "the metrics hold \(secret)")
                }
                _ = try await server.stop()
            }
        }
    }

    @Test func aBusyMetricsPortStopsTheServerWithAClearMessage() async throws {
        let busy = try SilentListener()
        defer { busy.close() }
        try await LiveServer.withSeededDatabase { _, login in
            try await ServerProcessTests.withServer(["DATABASE_URL": login.url, "VTRACK_METRICS_ADDRESS": "127.0.0.1:\(busy.port)"]) {
                server, _ in
                #expect(await server.waitForExit(timeout: .seconds(20)) == 1)
                #expect(server.standardError.contains("cannot listen on 127.0.0.1:\(busy.port): for metrics"), "\(server.standardError)")
            }
        }
    }

    @Test func byDefaultTheListenerIsOnLoopback() throws {
        #expect(try ServerSettings.fromEnvironment([:]).metricsAddress == MetricsAddress(host: "127.0.0.1", port: 9464))
    }

    @Test(arguments: [
        ("127.0.0.1:9464", MetricsAddress(host: "127.0.0.1", port: 9464)), ("[::1]:9100", MetricsAddress(host: "::1", port: 9100)),
        ("off", nil),
    ])
    func theAddressIsHostAndPortOrOff(text: String, address: MetricsAddress?) throws {
        #expect(try ServerSettings.fromEnvironment(["VTRACK_METRICS_ADDRESS": text]).metricsAddress == address)
    }

    @Test(arguments: ["9464", "127.0.0.1", "127.0.0.1:http", ":9464", "127.0.0.1:99999"])
    func otherAddressesAreRefused(text: String) {
        #expect(throws: ServerSettingsError.self) { try ServerSettings.fromEnvironment(["VTRACK_METRICS_ADDRESS": text]) }
    }
}
