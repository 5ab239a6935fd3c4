import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// The real `vtrack-server` binary, listening on a port reserved for it, on a database
/// seeded as `APITestServer.seed` does, logged in as a role in vtrack_api
/// and vtrack_sealer (as `scripts/start` sets it up).
struct LiveServer {
    let binary: RunningBinary
    let port: Int

    var base: String { "http://127.0.0.1:\(port)" }

    /// A seeded database, and the login a server uses on it.
    static func withSeededDatabase(_ body: (TestDatabase, DatabaseSettings) async throws -> Void) async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { coordinator in
                try await APITestServer.seed(coordinator, key: CoordinatorPrivateKey.generate())
            }
            try await test.withRole(in: "vtrack_api, vtrack_sealer") { server in
                try await body(test, server)
            }
        }
    }

    /// Starts the binary with `environment` on top of what every server
    /// needs, on a port reserved for it, waits until it is ready, and hands
    /// it to `body`; stops it afterwards. `ports` (given to it in
    /// `environment`) stay reserved while it runs.
    static func with<Result>(
        _ login: DatabaseSettings, environment: [String: String] = [:], holding ports: [ReservedPort] = [],
        _ body: (LiveServer) async throws -> Result
    ) async throws -> Result {
        let port = try ReservedPort()
        return try await BinaryRunner.withLaunched(
            "vtrack-server",
            environment: ServerProcessTests.secrets
                .merging(["DATABASE_URL": login.url, "VTRACK_HTTP_PORT": "\(port.number)"]) { $1 }
                .merging(environment) { $1 },
            holding: [port] + ports
        ) { binary in
            guard try await ServerProcessTests.get("http://127.0.0.1:\(port.number)/ready", within: .seconds(20)) == 200 else {
                throw ServerDidNotStart(log: await binary.finish().standardError)
            }
            return try await body(LiveServer(binary: binary, port: port.number))
        }
    }

    /// Stops it with SIGTERM, expects a clean exit, and returns its log.
    func stop() async throws -> String {
        binary.signal(SIGTERM)
        let status = await binary.waitForExit(timeout: .seconds(15))
        let log = await binary.finish().standardError
        #expect(status == 0, "vtrack-server did not stop cleanly: \(log)")
        return log
    }
}

struct ServerDidNotStart: Error, CustomStringConvertible {
    let log: String
    var description: String { "vtrack-server did not become ready: \(log)" }
}
