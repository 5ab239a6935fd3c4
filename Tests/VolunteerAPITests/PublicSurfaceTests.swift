import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VolunteerStore
import VolunteerTestSupport

@testable import VolunteerAPI

/// Positions, rate limits and a database that goes away (CORS:
/// `CORSTests`; the contract: `OpenAPIContractTests`).
@Suite struct PublicSurfaceTests {
    @Test func onlyOpenPositionsAreListedAndFiltered() async throws {
        try await APITestServer.with { server in
            let all = try await server.send(.get, "/v1/positions")
            #expect(all.status == .ok)
            let positions = try #require(all.json?["positions"] as? [[String: Any]])
            #expect(positions.compactMap { $0["slug"] as? String } == ["editor"], "closed positions are not public")
            #expect(
                Set(positions[0].keys) == [
                    "slug", "title", "team", "description", "skills", "languages", "hours_per_week", "location", "openings",
                    "filled", "translation",
                ])
            #expect(
                try await server.send(.get, "/v1/positions?skill=editing&language=uk&team=Editorial").json?["positions"] as? [Any] != nil)
            #expect((try await server.send(.get, "/v1/positions?skill=translation").json?["positions"] as? [Any])?.isEmpty == true)
            let bad = try await server.send(.get, "/v1/positions?skill=Not%20A%20Slug&colour=red")
            #expect(bad.status == .badRequest && Set(bad.fields) == ["skill", "colour"])
            #expect(try await server.send(.get, "/v1/positions/editor").json?["title"] as? String == "Editor")
            #expect(try await server.send(.get, "/v1/positions/archivist").status == .notFound)
            #expect(try await server.send(.get, "/v1/positions/NOPE").status == .notFound)
        }
    }

    @Test func writesArePerClientLimitedWithRetryAfter() async throws {
        var settings = ServerSettings.unlimited
        settings.writesPerClientPerMinute = 3
        try await APITestServer.with(settings: settings) { server in
            var statuses: [HTTPResponse.Status] = []
            var last: HTTPExchange?
            for _ in 0..<5 {
                last = try await server.send(.post, "/v1/applications", json: "[]")
                statuses.append(last!.status)
            }
            #expect(statuses == [.unprocessableContent, .unprocessableContent, .unprocessableContent, .tooManyRequests, .tooManyRequests])
            #expect(last?.problemType == "rate-limited")
            #expect(Int(last?.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try await server.send(.get, "/v1/positions").status == .ok, "reads are not limited")
        }
    }

    @Test func aDatabaseThatGoesAwayIs503AndComesBack() async throws {
        try await APITestServer.with { server in
            #expect(try await server.send(.get, "/v1/positions").status == .ok)
            try await TestDatabase.clusterSuperuser(#"ALTER DATABASE "\#(server.test.name)" ALLOW_CONNECTIONS false"#)
            try await TestDatabase.clusterSuperuser(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(server.test.name)'")
            let down = try await server.send(.post, "/v1/applications", json: APITestServer.applicationJSON())
            #expect(down.status == .serviceUnavailable, "\(down.text)")
            #expect(down.problemType == "database-unavailable")
            #expect(!down.text.contains("SELECT") && !down.text.contains("INSERT"))
            try await TestDatabase.clusterSuperuser(#"ALTER DATABASE "\#(server.test.name)" ALLOW_CONNECTIONS true"#)
            let deadline = ContinuousClock.now + .seconds(30)
            var back = try await server.send(.get, "/v1/positions")
            while back.status != .ok, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                back = try await server.send(.get, "/v1/positions")
            }
            #expect(back.status == .ok)
        }
    }
}

/// The 405 and OPTIONS answers come from `KnownRoutes`; it must not drift
/// from what the router really serves.
@Suite struct KnownRoutesTests {
    @Test func theTableListsExactlyTheRoutersRoutes() throws {
        let database = Database(settings: DatabaseSettings(host: "127.0.0.1", username: "unused"), logger: TestEnvironment.logger)
        let router = buildRouter(
            database: database, settings: .unlimited, blindIndex: APITestServer.blindIndex,
            keyring: RecipientKeyring(database: database, logger: TestEnvironment.logger),
            metrics: ServerMetrics(databaseConnections: 1), logger: TestEnvironment.logger
        )
        func normalised(_ path: String) -> String {
            path.split(separator: "/").map { $0.hasPrefix("{") ? "*" : String($0) }.joined(separator: "/")
        }
        let served = Set(router.routes.map { "\($0.method) \(normalised($0.path.description))" })
        let listed = Set(
            KnownRoutes.table.flatMap { route in route.methods.map { "\($0) \(normalised(route.pattern.joined(separator: "/")))" } })
        #expect(served == listed)
    }
}
