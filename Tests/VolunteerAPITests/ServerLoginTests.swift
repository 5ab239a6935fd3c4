import Foundation
import Testing
import VolunteerTestSupport

/// `vtrack-server` as a deployment runs it: the login `vtrack servers add`
/// made, its DATABASE_URL as printed and its password from the file, over
/// TLS that is verified.
@Suite struct ServerLoginTests {
    @Test func aServerLoginServesOverVerifiedTLSWithThePrintedURLAndThePasswordFile() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: nil, attributes: "CREATEROLE") { owner in
                let name = "web_" + UUID().uuidString.prefix(8).lowercased()
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-\(name).password")
                defer {
                    try? FileManager.default.removeItem(at: file)
                    Task { try? await TestDatabase.clusterSuperuser("DROP ROLE IF EXISTS \(name)") }
                }
                let ownerURL =
                    "postgres://\(owner.username)@localhost:\(owner.port)/\(owner.database)?sslmode=verify-full&sslrootcert=\(try TestTLS.authority)"
                let added = try await BinaryRunner.run(
                    "vtrack", ["servers", "add", name, "--password-file", file.path],
                    environment: ["DATABASE_URL": ownerURL, "PGPASSWORD": owner.password ?? ""]
                )
                #expect(added.status == 0, "\(added.standardError)")
                let url = String(try #require(added.standardOutput.firstMatch(of: /DATABASE_URL='([^']+)'/)?.1))
                #expect(url == ownerURL.replacingOccurrences(of: owner.username, with: name))

                // As systemd's EnvironmentFile= would: the file's one line, beside DATABASE_URL.
                let line = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .newlines)
                let password = try #require(line.split(separator: "=", maxSplits: 1).last.map(String.init))
                try await ServerProcessTests.withServer(["DATABASE_URL": url, "PGPASSWORD": password]) { server, base in
                    #expect(try await ServerProcessTests.get("\(base)/ready", within: .seconds(20)) == 200, "\(server.standardError)")
                    #expect(try await ServerProcessTests.get("\(base)/v1/positions", within: .seconds(5)) == 200)
                    let overTLS = try await test.values(
                        """
                        SELECT bool_and(s.ssl)::text FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.usename = '\(name)'
                        """)
                    #expect(overTLS == ["true"], "every connection of the server's login is TLS")
                    server.signal(SIGTERM)
                    #expect(await server.waitForExit(timeout: .seconds(15)) == 0)
                    #expect(!server.standardError.contains(password))
                }
            }
        }
    }

    @Test func aMissingCertificateFileExits64AndAnotherAuthorityExits69() async throws {
        let admin = try TestEnvironment.adminSettings()
        let base = "postgres://\(admin.username)@localhost:\(admin.port)/\(admin.database)?sslmode=verify-full&sslrootcert="
        let environment = ServerProcessTests.secrets.merging(["PGPASSWORD": admin.password ?? ""]) { $1 }

        let missing = try await BinaryRunner.run(
            "vtrack-server", [], environment: environment.merging(["DATABASE_URL": base + "/nonexistent/ca.crt"]) { $1 })
        #expect(missing.status == 64)
        #expect(missing.standardError.contains("the CA certificate file /nonexistent/ca.crt does not exist"), "\(missing.standardError)")

        let unset = try await BinaryRunner.run(
            "vtrack-server", [],
            environment: environment.merging([
                "DATABASE_URL": "postgres://\(admin.username)@localhost:\(admin.port)/\(admin.database)?sslmode=verify-full"
            ]) { $1 })
        #expect(unset.status == 64)
        #expect(unset.standardError.contains("sslrootcert"))

        let other = try await BinaryRunner.run(
            "vtrack-server", [], environment: environment.merging(["DATABASE_URL": base + (try TestTLS.otherAuthority)]) { $1 })
        #expect(other.status == 69)
        #expect(other.standardError.contains("not signed by a CA in sslrootcert"), "\(other.standardError)")
        #expect(!other.standardError.contains(admin.password ?? "no password"))

        let vtrack = try await BinaryRunner.run(
            "vtrack", ["migrate", "--status"],
            environment: environment.merging([
                "DATABASE_URL":
                    "postgres://\(admin.username)@127.0.0.1:\(admin.port)/\(admin.database)?sslmode=verify-full&sslrootcert=\(try TestTLS.authority)"
            ]) { $1 })
        #expect(vtrack.status == 69)
        #expect(vtrack.standardError.contains("the server's TLS certificate is not for 127.0.0.1"), "\(vtrack.standardError)")
    }
}
