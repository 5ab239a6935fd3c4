import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// `vtrack keys revoke` rotates the organisation key, `vtrack keys rewrap`
/// moves the applicants: killed half-way, it leaves every applicant openable
/// by a current coordinator, and a second run finishes the job.
@Suite struct KeysRewrapTests {
    static let applicants = 120

    @Test func rewrapKilledHalfWayLeavesEveryoneOpenableAndASecondRunFinishes() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                try await KeysCommandTests.withHome { home in
                    let env = ["DATABASE_URL": settings.url, "HOME": home.path]
                    func vtrack(_ arguments: String...) async throws -> BinaryRun {
                        let run = try await BinaryRunner.run("vtrack", arguments, environment: env)
                        #expect(run.status == 0, "vtrack \(arguments.joined(separator: " ")): \(run.standardError)")
                        return run
                    }
                    func keyFile(_ name: String) -> String { home.appendingPathComponent("\(name).key").path }
                    for name in ["alice", "bob", "carol"] {
                        _ = try await vtrack("keys", "init", "--name", name, "--key-file", keyFile(name), "--no-passphrase")
                    }
                    _ = try await vtrack("keys", "grant", "bob", "--key-file", keyFile("alice"))
                    _ = try await vtrack("keys", "grant", "carol", "--key-file", keyFile("alice"))
                    try await KeysCommandTests.seedApplications(settings, count: Self.applicants)

                    let revoked = try await vtrack("keys", "revoke", "carol")
                    #expect(revoked.standardOutput.contains("made a new organisation key"))
                    let current = try await test.values("SELECT id::text FROM organisation_keys WHERE retired_at IS NULL")[0]!

                    let halfWay = try await BinaryRunner.withLaunched(
                        "vtrack", ["keys", "rewrap", "--batch-size", "1", "--key-file", keyFile("bob")], environment: env
                    ) { rewrap in
                        var moved = 0
                        while moved < 10, await rewrap.waitForExit(timeout: .milliseconds(5)) == nil {
                            moved = try await Self.count(
                                test, "SELECT count(*)::text FROM applicant_data_keys WHERE organisation_key_id = '\(current)'")
                        }
                        rewrap.signal(SIGKILL)
                        _ = await rewrap.waitForExit(timeout: .seconds(10))
                        return try await Self.count(
                            test, "SELECT count(*)::text FROM applicant_data_keys WHERE organisation_key_id = '\(current)'")
                    }
                    #expect(halfWay > 0 && halfWay < Self.applicants, "killed half-way: \(halfWay) of \(Self.applicants) moved")

                    let keys = try ["alice", "bob"].map {
                        try CoordinatorPrivateKey(fileContents: String(contentsOfFile: keyFile($0), encoding: .utf8))
                    }
                    try await Self.expectEveryoneOpenable(by: keys, settings)

                    let second = try await vtrack("keys", "rewrap", "--key-file", keyFile("alice"))
                    #expect(second.standardOutput.contains("moved \(Self.applicants - halfWay) applicant(s)"), "\(second.standardOutput)")
                    #expect(
                        try await Self.count(
                            test, "SELECT count(*)::text FROM applicant_data_keys WHERE organisation_key_id <> '\(current)'") == 0)
                    #expect(try await Self.count(test, "SELECT count(*)::text FROM organisation_keys") == 1, "the retired key is dropped")
                    try await Self.expectEveryoneOpenable(by: keys, settings)
                    let list = try await vtrack("keys", "list")
                    #expect(list.standardOutput.contains("opens \(Self.applicants)/\(Self.applicants)"))
                    #expect(!list.standardError.contains("rewrap"))
                }
            }
        }
    }

    @Test func removingACoordinatorRevokesTheirKeyAndRotates() async throws {
        try await TestDatabase.withMigrated { test in
            try await KeysCommandTests.withHome { home in
                let owner = ["DATABASE_URL": test.settings.url, "HOME": home.path]
                var urls: [String: String] = [:]
                let names = ["ana_" + UUID().uuidString.prefix(6).lowercased(), "ben_" + UUID().uuidString.prefix(6).lowercased()]
                for name in names {
                    let added = try await BinaryRunner.run("vtrack", ["coordinators", "add", name], environment: owner)
                    urls[name] = String(try #require(added.standardOutput.firstMatch(of: /DATABASE_URL='([^']+)'/)?.1))
                    let created = try await BinaryRunner.run(
                        "vtrack",
                        ["keys", "init", "--name", name, "--key-file", home.appendingPathComponent(name).path, "--no-passphrase"],
                        environment: ["DATABASE_URL": urls[name]!, "HOME": home.path]
                    )
                    #expect(created.status == 0, "\(created.standardError)")
                }
                let (ana, ben) = (names[0], names[1])
                let granted = try await BinaryRunner.run(
                    "vtrack", ["keys", "grant", ben, "--key-file", home.appendingPathComponent(ana).path],
                    environment: ["DATABASE_URL": urls[ana]!, "HOME": home.path]
                )
                #expect(granted.status == 0, "\(granted.standardError)")
                let before = try await test.values("SELECT id::text FROM organisation_keys WHERE retired_at IS NULL")

                let removed = try await BinaryRunner.run("vtrack", ["coordinators", "remove", ana], environment: owner)
                #expect(removed.status == 0, "\(removed.standardError)")
                #expect(removed.standardOutput.contains("revoked their key \(ana)"))
                let after = try await test.values("SELECT id::text FROM organisation_keys WHERE retired_at IS NULL")
                #expect(after.count == 1 && after != before, "rotated")
                let holders = try await test.values(
                    "SELECT k.name FROM organisation_key_grants g JOIN coordinator_keys k ON k.id = g.key_id WHERE g.organisation_key_id = '\(after[0]!)'"
                )
                #expect(holders == [ben])
                for name in names { try await TestDatabase.clusterSuperuser("DROP ROLE IF EXISTS \(name)") }
            }
        }
    }

    /// A role that may create roles but neither owns the schema nor coordinates
    /// cannot revoke keys: it is refused before the login goes, not half-way.
    @Test func aRoleThatMayNotRevokeKeysRemovesNobody() async throws {
        try await TestDatabase.withMigrated { test in
            try await KeysCommandTests.withHome { home in
                let name = "cara_" + UUID().uuidString.prefix(6).lowercased()
                let added = try await BinaryRunner.run(
                    "vtrack", ["coordinators", "add", name], environment: ["DATABASE_URL": test.settings.url])
                let url = String(try #require(added.standardOutput.firstMatch(of: /DATABASE_URL='([^']+)'/)?.1))
                let created = try await BinaryRunner.run(
                    "vtrack", ["keys", "init", "--name", name, "--key-file", home.appendingPathComponent(name).path, "--no-passphrase"],
                    environment: ["DATABASE_URL": url, "HOME": home.path]
                )
                #expect(created.status == 0, "\(created.standardError)")
                try await test.withRole(in: nil, attributes: "CREATEROLE") { admin in
                    let removed = try await BinaryRunner.run(
                        "vtrack", ["coordinators", "remove", name], environment: ["DATABASE_URL": admin.url])
                    #expect(removed.status == 77, "\(removed.standardError)")
                    #expect(removed.standardError.contains("permission denied"))
                }
                #expect(try await test.values("SELECT rolname::text FROM pg_roles WHERE rolname = '\(name)'") == [name], "the login stays")
                #expect(try await test.values("SELECT name FROM coordinator_keys") == [name], "and so does the key")
                try await TestDatabase.clusterSuperuser("DROP ROLE IF EXISTS \(name)")
            }
        }
    }

    @Test func initOrganisationUpgradesADatabaseSealedPerCoordinatorKey() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                try await KeysCommandTests.withHome { home in
                    let alice = CoordinatorPrivateKey.generate()
                    let path = home.appendingPathComponent("alice.key").path
                    try alice.fileContents.write(toFile: path, atomically: true, encoding: .utf8)
                    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
                    // Registered without the CLI, so that nothing makes the organisation key: sealed per key, as before 0012.
                    try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                        _ = try await KeyRepository(database: database).register(name: "alice", publicKey: alice.publicKey)
                    }
                    try await KeysCommandTests.seedApplications(settings, count: 3)
                    #expect(try await Self.count(test, "SELECT count(*)::text FROM applicant_keys") == 3)

                    let env = ["DATABASE_URL": settings.url, "HOME": home.path]
                    let upgraded = try await BinaryRunner.run(
                        "vtrack", ["keys", "init-organisation", "--key-file", path], environment: env)
                    #expect(upgraded.status == 0, "\(upgraded.standardError)")
                    #expect(upgraded.standardOutput.contains("moved 3 applicant(s)"))
                    #expect(try await Self.count(test, "SELECT count(*)::text FROM applicant_keys") == 0)
                    let again = try await BinaryRunner.run("vtrack", ["keys", "init-organisation", "--key-file", path], environment: env)
                    #expect(again.status == 1 && again.standardError.contains("organisation key"), "\(again.standardError)")
                    try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                        let ids = try await database.client.query(
                            "SELECT applicant_id FROM applicant_personal_data", logger: database.logger
                        )
                        .collect().map { try $0.decode(UUID.self) }
                        let revealed = try await PersonalDataRepository(database: database, key: alice).reveal(ids)
                        #expect(revealed.count == 3 && revealed.values.allSatisfy { $0 == .opened(KeysCommandTests.canary) })
                    }
                }
            }
        }
    }

    static func count(_ test: TestDatabase, _ sql: String) async throws -> Int {
        Int(try await test.values(sql).first!!)!
    }

    static func expectEveryoneOpenable(by keys: [CoordinatorPrivateKey], _ settings: DatabaseSettings) async throws {
        try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
            let ids = try await database.client.query("SELECT applicant_id FROM applicant_personal_data", logger: database.logger)
                .collect().map { try $0.decode(UUID.self) }
            #expect(ids.count == applicants)
            for key in keys {
                let revealed = try await PersonalDataRepository(database: database, key: key).reveal(ids)
                #expect(revealed.count == applicants && revealed.values.allSatisfy { $0 == .opened(KeysCommandTests.canary) })
            }
        }
    }
}
