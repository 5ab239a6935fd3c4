import Foundation
import PostgresNIO
import Testing
import VolunteerStore
import VolunteerTestSupport

/// TLS to the test cluster, whose certificate (signed by the test CA) names
/// `localhost` only: each sslmode connects, or is refused, for its reason.
@Suite struct DatabaseTLSTests {
    /// The superuser's login to the test cluster at `host`, with `query`.
    static func settings(host: String, _ query: String) throws -> DatabaseSettings {
        let admin = try TestEnvironment.adminSettings()
        return try DatabaseSettings(
            url: "postgres://\(admin.username)@\(host):\(admin.port)/\(admin.database)?\(query)",
            environment: ["PGPASSWORD": admin.password ?? ""]
        )
    }

    /// True when the session runs over TLS, as PostgreSQL sees it.
    static func sessionUsesTLS(_ settings: DatabaseSettings) async throws -> Bool {
        try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
            try await database.client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: database.logger)
                .collect().first!.decode(Bool.self)
        }
    }

    static func refusal(_ settings: DatabaseSettings) async throws -> String {
        do {
            try await Database.checkReachable(settings, logger: TestEnvironment.logger)
        } catch {
            return error.description
        }
        Issue.record("connected with \(settings.url)")
        return ""
    }

    @Test func verifyFullWithTheRightAuthorityAndHostConnectsOverTLS() async throws {
        let settings = try Self.settings(host: "localhost", "sslmode=verify-full&sslrootcert=\(try TestTLS.authority)")
        #expect(try await Self.sessionUsesTLS(settings))
    }

    @Test func verifyFullRefusesACertificateFromAnotherAuthority() async throws {
        let settings = try Self.settings(host: "localhost", "sslmode=verify-full&sslrootcert=\(try TestTLS.otherAuthority)")
        let message = try await Self.refusal(settings)
        #expect(message.contains("not signed by a CA in sslrootcert (\(try TestTLS.otherAuthority))"), "\(message)")
        #expect(!message.contains(settings.password ?? "no password"))
    }

    @Test func verifyFullRefusesACertificateForAnotherHost() async throws {
        // The certificate names localhost, not the address.
        let settings = try Self.settings(host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(try TestTLS.authority)")
        let message = try await Self.refusal(settings)
        #expect(message.contains("the server's TLS certificate is not for 127.0.0.1"), "\(message)")
    }

    @Test func verifyCAChecksTheAuthorityButNotTheName() async throws {
        let right = try Self.settings(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(try TestTLS.authority)")
        #expect(try await Self.sessionUsesTLS(right))
        let wrong = try Self.settings(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(try TestTLS.otherAuthority)")
        #expect(try await Self.refusal(wrong).contains("not signed by a CA in sslrootcert"))
    }

    @Test func requireWithoutAnAuthorityEncryptsWithoutChecking() async throws {
        #expect(try await Self.sessionUsesTLS(try Self.settings(host: "127.0.0.1", "sslmode=require")))
        #expect(try await Self.sessionUsesTLS(try Self.settings(host: "127.0.0.1", "sslmode=prefer")))
        #expect(try await Self.sessionUsesTLS(try Self.settings(host: "127.0.0.1", "sslmode=disable")) == false)
    }

    @Test func requireWithAnAuthorityChecksIt() async throws {
        // As libpq: a CA file given is a CA file used.
        let settings = try Self.settings(host: "127.0.0.1", "sslmode=require&sslrootcert=\(try TestTLS.otherAuthority)")
        #expect(try await Self.refusal(settings).contains("not signed by a CA in sslrootcert"))
    }

    @Test func theAuthorityMayComeFromPGSSLROOTCERT() async throws {
        let admin = try TestEnvironment.adminSettings()
        let settings = try DatabaseSettings.fromEnvironment([
            "DATABASE_URL": "postgres://\(admin.username)@localhost:\(admin.port)/\(admin.database)?sslmode=verify-full",
            "PGPASSWORD": admin.password ?? "", "PGSSLROOTCERT": try TestTLS.authority,
        ])
        #expect(try await Self.sessionUsesTLS(settings))
        // The URL's own wins.
        let own = try DatabaseSettings.fromEnvironment([
            "DATABASE_URL": "postgres://u@localhost/d?sslmode=verify-full&sslrootcert=\(try TestTLS.otherAuthority)",
            "PGSSLROOTCERT": try TestTLS.authority,
        ])
        #expect(own.url.contains("sslrootcert=\(try TestTLS.otherAuthority)"))
    }
}
