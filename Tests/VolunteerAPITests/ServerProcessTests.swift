import Foundation
import Testing
import VolunteerTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `vtrack-server` binary: how it starts, refuses to start, logs and stops.
@Suite struct ServerProcessTests {
    /// What every server needs besides a database.
    static let secrets = ["VTRACK_BLIND_INDEX_KEY": Data(repeating: 0x5a, count: 32).base64EncodedString()]

    @Test func refusesToStartWithPendingMigrations() async throws {
        try await TestDatabase.withEmpty { test in
            let run = try await BinaryRunner.run(
                "vtrack-server", ["--port", "0"], environment: Self.secrets.merging(["DATABASE_URL": test.settings.url]) { $1 }
            )
            #expect(run.status == 1)
            #expect(run.standardError.contains("run `vtrack migrate` first"))
            #expect(run.standardError.contains("0001_initial.sql"))
        }
    }

    @Test func anUnreachableDatabaseIsReportedWithin10Seconds() async throws {
        let started = ContinuousClock.now
        let run = try await BinaryRunner.run(
            "vtrack-server", [],
            environment: Self.secrets.merging(["DATABASE_URL": "postgres://vtrack:secret@127.0.0.1:1/vtrack?sslmode=disable"]) { $1 }
        )
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(run.status == 69)
        #expect(run.standardError.contains("127.0.0.1:1/vtrack"))
        #expect(run.standardError.contains("connection refused"))
        #expect(!run.standardError.contains("secret"))
    }

    @Test(arguments: [
        ("VTRACK_HTTP_PORT", "http"), ("VTRACK_DATABASE_CONNECTIONS", "0"), ("VTRACK_DATABASE_CONNECTIONS", "many"),
        ("VTRACK_RATE_LIMIT_GLOBAL", "-1"), ("VTRACK_RATE_LIMIT_STATUS_PER_CLIENT", "lots"), ("VTRACK_HTTP_HEADER_TIMEOUT", "0"),
        ("VTRACK_HTTP_IDLE_TIMEOUT", "soon"), ("VTRACK_METRICS_ADDRESS", "9464"),
    ])
    func badConfigurationExits64(variable: String, value: String) async throws {
        let run = try await BinaryRunner.run(
            "vtrack-server", [], environment: Self.secrets.merging(["DATABASE_URL": "postgres://u@h/d", variable: value]) { $1 }
        )
        #expect(run.status == 64)
        #expect(run.standardError.contains(variable))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func servesLogsStructuredLinesAndStopsGracefully(signal: Int32) async throws {
        try await TestDatabase.withMigrated { test in
            try await Self.withServer(["DATABASE_URL": test.settings.url]) { server, base in
                let health = try await Self.get("\(base)/health?email=canary%40example.org", within: .seconds(20))
                #expect(health == 200)
                #expect(try await Self.get("\(base)/ready", within: .seconds(5)) == 200)

                server.signal(signal)
                let status = await server.waitForExit(timeout: .seconds(15))
                #expect(status == 0)

                let lines = server.standardError.split(separator: "\n")
                #expect(!lines.isEmpty)
                for line in lines {
                    let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                    #expect(object?["level"] != nil, "not a JSON log line: \(line)")
                }
                #expect(
                    server.standardError.contains(#""http.path":"\/health""#) || server.standardError.contains(#""http.path":"/health""#))
                #expect(!server.standardError.contains("canary"), "query strings are never logged")
            }
        }
    }

    @Test func itStopsPromptlyWhileItsDatabaseIsAway() async throws {
        try await LiveServer.withSeededDatabase { test, login in
            try await LiveServer.with(login) { server in
                try await TestDatabase.clusterSuperuser(#"ALTER DATABASE "\#(test.name)" ALLOW_CONNECTIONS false"#)
                try await TestDatabase.clusterSuperuser(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(test.name)'")
                // The pool now retries its connections, in the background.
                #expect(try await Self.get("\(server.base)/ready", within: .seconds(5)) == 503)
                #expect(try await Self.get("\(server.base)/v1/positions", within: .seconds(10)) == 503)
                let stopping = ContinuousClock.now
                server.binary.signal(SIGTERM)
                let status = await server.binary.waitForExit(timeout: .seconds(30))
                try await TestDatabase.clusterSuperuser(#"ALTER DATABASE "\#(test.name)" ALLOW_CONNECTIONS true"#)
                #expect(status == 0, "\(server.binary.standardError)")
                #expect(ContinuousClock.now - stopping < .seconds(15))
            }
        }
    }

    @Test func helpNamesEverySettingOfTheServersOwn() async throws {
        let run = try await BinaryRunner.run("vtrack-server", ["--help"])
        #expect(run.status == 0)
        for variable in [
            "VTRACK_HTTP_HEADER_TIMEOUT", "VTRACK_HTTP_IDLE_TIMEOUT", "VTRACK_RATE_LIMIT_PER_CLIENT", "VTRACK_RATE_LIMIT_GLOBAL",
            "VTRACK_RATE_LIMIT_STATUS_PER_CLIENT", "VTRACK_TRUSTED_PROXIES", "VTRACK_METRICS_ADDRESS",
        ] {
            #expect(run.standardOutput.contains(variable), "--help does not name \(variable)")
        }
    }

    @Test(arguments: [nil, "", "c2hvcnQ=", "not a key!"])
    func aMissingOrWeakBlindIndexKeyExits64(key: String?) async throws {
        var environment = ["DATABASE_URL": "postgres://u@127.0.0.1:1/d"]
        environment["VTRACK_BLIND_INDEX_KEY"] = key
        let run = try await BinaryRunner.run("vtrack-server", [], environment: environment)
        #expect(run.status == 64)
        #expect(run.standardError.contains("VTRACK_BLIND_INDEX_KEY"))
        if let key, !key.isEmpty { #expect(!run.standardError.contains(key), "the secret is never echoed") }
    }

    @Test func asTheAPIRoleItSaysHowToRegisterAKeyAndWhyItDoesNotSeal() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_api") { api in
                try await Self.withServer(["DATABASE_URL": api.url]) { server, base in
                    let ready = try await Self.get("\(base)/ready", within: .seconds(20))
                    #expect(ready == 200, "\(server.standardError)")
                    let deadline = ContinuousClock.now + .seconds(10)
                    while ContinuousClock.now < deadline, !server.standardError.contains("vtrack_sealer") {
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    server.signal(SIGTERM)
                    #expect(await server.waitForExit(timeout: .seconds(15)) == 0)
                    #expect(server.standardError.contains("vtrack keys init --name NAME"))
                    #expect(server.standardError.contains("vtrack audit seal"))
                    #expect(
                        server.standardError.contains("vtrack privacy-notice add VERSION --url URL"),
                        "a database without a privacy notice refuses every application: said before listening")
                }
            }
        }
    }

    /// vtrack-server on a port reserved for it, with the secrets and
    /// `environment`; `body` gets it and its base URL. Stopped afterwards.
    static func withServer<Result>(
        _ environment: [String: String], _ body: (RunningBinary, String) async throws -> Result
    ) async throws -> Result {
        let port = try ReservedPort()
        return try await BinaryRunner.withLaunched(
            "vtrack-server", environment: secrets.merging(environment) { $1 }.merging(["VTRACK_HTTP_PORT": "\(port.number)"]) { $1 },
            holding: [port]
        ) { server in
            try await body(server, "http://127.0.0.1:\(port.number)")
        }
    }

    /// GETs `url` until the server answers, and returns the status code.
    static func get(_ url: String, within timeout: Duration) async throws -> Int? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: url)!),
                let http = response as? HTTPURLResponse
            {
                return http.statusCode
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}
