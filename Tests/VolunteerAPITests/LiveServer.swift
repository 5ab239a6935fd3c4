import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// The real `vtrack-server` binary, listening on a free port, on a database
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
    /// needs, and waits until it is ready.
    static func launch(_ login: DatabaseSettings, environment: [String: String] = [:]) async throws -> LiveServer {
        let port = try ServerProcessTests.freePort()
        let binary = try BinaryRunner.launch(
            "vtrack-server", [],
            environment: ServerProcessTests.secrets
                .merging(["DATABASE_URL": login.url, "VTRACK_HTTP_PORT": "\(port)"]) { $1 }
                .merging(environment) { $1 }
        )
        guard try await ServerProcessTests.get("http://127.0.0.1:\(port)/ready", within: .seconds(20)) == 200 else {
            let run = binary.finish()
            throw ServerDidNotStart(log: run.standardError)
        }
        return LiveServer(binary: binary, port: port)
    }

    /// Stops it with SIGTERM, expects a clean exit, and returns its log.
    func stop() async throws -> String {
        binary.signal(SIGTERM)
        let status = try await binary.waitForExit(timeout: .seconds(15))
        let log = binary.finish().standardError
        #expect(status == 0, "vtrack-server did not stop cleanly: \(log)")
        return log
    }
}

struct ServerDidNotStart: Error, CustomStringConvertible {
    let log: String
    var description: String { "vtrack-server did not become ready: \(log)" }
}
