import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// Coordinators' passwords reach PostgreSQL only as SCRAM verifiers.
@Suite struct CoordinatorPasswordTests {
    @Test func theVerifierIsTheOnePostgreSQLComputesForThePasswordAndSalt() async throws {
        try await TestDatabase.withMigrated { test in
            let role = "scram_" + UUID().uuidString.prefix(8).lowercased()
            let password = "correct horse 9 Ж"
            try await TestDatabase.clusterSuperuser("CREATE ROLE \(role) PASSWORD '\(password)'")
            defer { Task { try? await TestDatabase.clusterSuperuser("DROP ROLE IF EXISTS \(role)") } }
            let stored = try #require(try await test.values("SELECT rolpassword FROM pg_authid WHERE rolname = '\(role)'").first ?? nil)
            let parts = stored.split(whereSeparator: { $0 == "$" || $0 == ":" })
            #expect(parts.count == 5 && parts[0] == "SCRAM-SHA-256" && parts[1] == "4096", "\(stored)")
            let salt = try #require(Data(base64Encoded: String(parts[2])))
            #expect(try SCRAMVerifier.make(password: password, salt: [UInt8](salt)) == stored)
            #expect(try SCRAMVerifier.make(password: password + "x", salt: [UInt8](salt)) != stored)
        }
    }

    @Test func addedAndReaddedCoordinatorsLogInWithPasswordsTheDatabaseOnlyHasAsVerifiers() async throws {
        try await TestDatabase.withMigrated { test in
            let name = "coord_" + UUID().uuidString.prefix(8).lowercased()
            defer { Task { try? await TestDatabase.clusterSuperuser("DROP ROLE IF EXISTS \(name)") } }
            try await Fixtures.asCoordinatorAdmin(test) { adminSettings in
                func logIn(_ password: String) async throws -> Bool {
                    var settings = test.settings
                    (settings.username, settings.password) = (name, password)
                    return try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                        try await CoordinatorRepository(database: database).list().contains { $0.name == name }
                    }
                }

                let first = try await Database.withDatabase(adminSettings, logger: TestEnvironment.logger) {
                    try await CoordinatorRepository(database: $0).add(name: name)
                }
                let stored = try #require(try await test.values("SELECT rolpassword FROM pg_authid WHERE rolname = '\(name)'").first ?? nil)
                #expect(stored.hasPrefix("SCRAM-SHA-256$4096:"))
                #expect(!stored.contains(first.password))
                #expect(try await logIn(first.password))

                let second = try await Database.withDatabase(adminSettings, logger: TestEnvironment.logger) { database in
                    let coordinators = CoordinatorRepository(database: database)
                    try await coordinators.remove(name: name)
                    return try await coordinators.add(name: name)
                }
                #expect(second.password != first.password)
                #expect(try await logIn(second.password), "re-added through ALTER ROLE with a new verifier")
                await #expect(throws: (any Error).self) { try await logIn(first.password) }
            }
        }
    }
}
