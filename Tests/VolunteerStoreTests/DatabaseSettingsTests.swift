import Foundation
import Testing

@testable import VolunteerStore

@Suite struct DatabaseSettingsTests {
    @Test func parsesAFullURL() throws {
        let settings = try DatabaseSettings(url: "postgres://alice:s%40cret@db.example:6543/vtrack?sslmode=require")
        #expect(
            settings
                == {
                    var expected = DatabaseSettings(
                        host: "db.example", port: 6543, username: "alice", password: "s@cret", database: "vtrack")
                    expected.tls = .require
                    return expected
                }())
    }

    @Test func urlDefaultsPortHostAndDatabase() throws {
        let settings = try DatabaseSettings(url: "postgresql://bob@/")
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 5432)
        #expect(settings.database == "bob")
        #expect(settings.password == nil)
        #expect(settings.tls == .prefer)
    }

    @Test(arguments: [
        "mysql://a@b/c", "not a url", "postgres://host:5432/db", "postgres://a@b:0/c", "postgres://a@h/d?sslmode=sometimes",
    ])
    func refusesBadURLs(url: String) {
        #expect(throws: DatabaseSettingsError.self) { try DatabaseSettings(url: url) }
    }

    @Test func databaseURLWinsOverPGVariables() throws {
        let settings = try DatabaseSettings.fromEnvironment([
            "DATABASE_URL": "postgres://u@h:1234/d", "PGHOST": "other", "PGUSER": "other",
        ])
        #expect(settings.host == "h")
        #expect(settings.port == 1234)
        #expect(settings.username == "u")
    }

    @Test func readsLibpqVariables() throws {
        let settings = try DatabaseSettings.fromEnvironment([
            "PGHOST": "db", "PGPORT": "6000", "PGUSER": "carol", "PGPASSWORD": "pw", "PGDATABASE": "tracker",
            "PGSSLMODE": "disable",
        ])
        #expect(settings == DatabaseSettings(host: "db", port: 6000, username: "carol", password: "pw", database: "tracker", tls: .disable))
    }

    @Test func libpqDefaultsFollowTheUser() throws {
        let settings = try DatabaseSettings.fromEnvironment(["USER": "dana"])
        #expect(settings.username == "dana")
        #expect(settings.database == "dana")
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 5432)
    }

    @Test(arguments: [
        ["PGUSER": "u", "PGPORT": "eighty"],
        ["PGUSER": "u", "PGPORT": "70000"],
        ["PGUSER": "u", "PGHOST": "/var/run/postgresql"],
        ["PGUSER": "u", "PGSSLMODE": "maybe"],
        [:],
    ])
    func refusesBadVariables(environment: [String: String]) {
        #expect(throws: DatabaseSettingsError.self) { try DatabaseSettings.fromEnvironment(environment) }
    }

    @Test func endpointDescriptionNeverShowsThePassword() throws {
        let settings = try DatabaseSettings(url: "postgres://u:hunter2@h:1/d")
        #expect(settings.endpointDescription == "h:1/d")
        let error = DatabaseUnavailable(settings: settings, error: TimeoutError(duration: .seconds(5)))
        #expect(!error.description.contains("hunter2"))
    }

    @Test func aURLTakesWhatItLeavesOutFromTheLibpqVariables() throws {
        let environment = ["PGPASSWORD": "from-env", "PGSSLMODE": "require"]
        let bare = try DatabaseSettings(url: "postgres://u@h/d", environment: environment)
        #expect(bare.password == "from-env")
        #expect(bare.tls == .require)
        let own = try DatabaseSettings(url: "postgres://u:own@h/d?sslmode=disable", environment: environment)
        #expect(own.password == "own")
        #expect(own.tls == .disable)
    }

    @Test(arguments: ["verify-ca", "verify-full"])
    func verifyingNeedsACertificateAuthority(mode: String) {
        #expect(throws: DatabaseSettingsError.self) { try DatabaseSettings(url: "postgres://u@h/d?sslmode=\(mode)") }
        do {
            _ = try DatabaseSettings.fromEnvironment(["PGUSER": "u", "PGSSLMODE": mode])
            Issue.record("\(mode) without a CA was taken")
        } catch {
            #expect(error.description.contains("PGSSLMODE"))
            #expect(error.description.contains("sslrootcert=/path/ca.pem"))
        }
    }

    @Test func aMissingOrMalformedCertificateFileIsAConfigurationError() throws {
        let missing = "/nonexistent/vtrack-ca-\(UUID().uuidString).pem"
        #expect(throws: DatabaseSettingsError.invalid("DATABASE_URL's sslrootcert", "the CA certificate file \(missing) does not exist")) {
            try DatabaseSettings(url: "postgres://u@h/d?sslmode=verify-full&sslrootcert=\(missing)")
        }
        #expect(throws: DatabaseSettingsError.invalid("PGSSLROOTCERT", "the CA certificate file \(missing) does not exist")) {
            try DatabaseSettings.fromEnvironment(["PGUSER": "u", "PGSSLMODE": "verify-ca", "PGSSLROOTCERT": missing])
        }
        let notPEM = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-not-a-ca-\(UUID().uuidString)")
        try Data("just words\n".utf8).write(to: notPEM)
        defer { try? FileManager.default.removeItem(at: notPEM) }
        #expect(
            throws: DatabaseSettingsError.invalid(
                "DATABASE_URL's sslrootcert", "\(notPEM.path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        ) {
            try DatabaseSettings(url: "postgres://u@h/d?sslmode=verify-full&sslrootcert=\(notPEM.path)")
        }
        // Without TLS the file is not used, so not read either (as libpq).
        #expect(try DatabaseSettings(url: "postgres://u@h/d?sslmode=disable&sslrootcert=\(missing)").rootCertificates == nil)
    }

    @Test func theSystemStoreIsTrustedOnlyWithVerifyFull() throws {
        let full = try DatabaseSettings(url: "postgres://u@h/d?sslmode=verify-full&sslrootcert=system")
        #expect(full.rootCertificates == .system)
        #expect(full.url.hasSuffix("?sslmode=verify-full&sslrootcert=system"))
        for mode in ["require", "verify-ca"] {
            #expect(throws: DatabaseSettingsError.self) { try DatabaseSettings(url: "postgres://u@h/d?sslmode=\(mode)&sslrootcert=system") }
        }
    }
}
