import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VolunteerAPI
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct HealthRoutesTests {
    func withServer(
        _ test: TestDatabase,
        pool: PoolShape = .onDemand(warm: 0),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let database = Database(settings: test.settings, logger: TestEnvironment.logger, pool: pool)
        let application = buildApplication(
            database: database, settings: ServerSettings(host: "127.0.0.1", port: 0),
            blindIndex: try BlindIndex(encodedKey: String(repeating: "ab", count: 32)), logger: TestEnvironment.logger
        )
        try await application.test(.live, body)
    }

    @Test func healthAnswersWithoutTheDatabase() async throws {
        try await TestDatabase.withMigrated { test in
            try await withServer(test) { client in
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json")
                    #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
                    #expect(response.headers[.server] == nil, "no server banner")
                }
            }
        }
    }

    @Test(arguments: [PoolShape.onDemand(warm: 0), .server(connections: 4)])
    func readyFollowsTheDatabaseDownAndBackUp(pool: PoolShape) async throws {
        try await TestDatabase.withMigrated { test in
            try await withServer(test, pool: pool) { client in
                // Polled: on a loaded machine the pool's first connection can take
                // longer than /ready's two seconds.
                let ready = try await Self.poll(client, until: .ok)
                #expect(ready.status == .ok)
                #expect(String(buffer: ready.body) == #"{"status":"ready"}"#)

                try await TestDatabase.clusterSuperuser(#"ALTER DATABASE "\#(test.name)" ALLOW_CONNECTIONS false"#)
                try await TestDatabase.clusterSuperuser(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(test.name)'"
                )
                let down = try await Self.poll(client, until: .serviceUnavailable)
                #expect(down.headers[.contentType] == "application/problem+json")
                let problem = try JSONSerialization.jsonObject(with: Data(buffer: down.body)) as? [String: Any]
                #expect(problem?["type"] as? String == "https://vtrack.dev/problems/database-unavailable")
                #expect(problem?["status"] as? Int == 503)
                #expect(!String(buffer: down.body).contains("SELECT"), "no SQL in the answer")

                try await TestDatabase.clusterSuperuser(#"ALTER DATABASE "\#(test.name)" ALLOW_CONNECTIONS true"#)
                let up = try await Self.poll(client, until: .ok)
                #expect(String(buffer: up.body) == #"{"status":"ready"}"#)
            }
        }
    }

    @Test func unknownPathsGetAProblem() async throws {
        try await TestDatabase.withMigrated { test in
            try await withServer(test) { client in
                try await client.execute(uri: "/no/such/thing", method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                    #expect(problem?["type"] as? String == "https://vtrack.dev/problems/not-found")
                    #expect(problem?["title"] as? String == "Not found")
                }
            }
        }
    }

    @Test func startupRefusesASchemaThatIsBehind() async throws {
        let migrations = try MigrationDirectory.load(TestEnvironment.migrationsDirectory)
        try await TestDatabase.withEmpty { test in
            try await test.withDatabase { database in
                let error = await #expect(throws: StartupError.self) {
                    try await ServerStartup.checkSchema(database: database, migrations: migrations, logger: TestEnvironment.logger)
                }
                #expect(error?.description.contains("pending: 0001_initial.sql") == true)
                #expect(error?.description.contains("run `vtrack migrate` first") == true)
            }
        }
    }

    @Test func startupAcceptsAnUpToDateSchema() async throws {
        let migrations = try MigrationDirectory.load(TestEnvironment.migrationsDirectory)
        try await TestDatabase.withMigrated { test in
            try await test.withDatabase { database in
                try await ServerStartup.checkSchema(database: database, migrations: migrations, logger: TestEnvironment.logger)
            }
        }
    }

    /// Asks /ready until it answers `status`, for up to 30 seconds.
    static func poll(_ client: any TestClientProtocol, until status: HTTPResponse.Status) async throws -> TestResponse {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let response = try await client.execute(uri: "/ready", method: .get) { $0 }
            if response.status == status || ContinuousClock.now > deadline { return response }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}

extension Data {
    init(buffer: ByteBuffer) { self.init(buffer.readableBytesView) }
}
