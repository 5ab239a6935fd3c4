import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct KeysCommandTests {
    static let canary = PersonalData(
        name: "Canary Bohdana Klyuchova", email: "bohdana.canary@example.org", telegram: "@bohdana_canary_5519")

    /// A scratch HOME, so that the default key path is the test's own.
    static func withHome<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        return try await body(home)
    }

    static func seedApplications(_ settings: DatabaseSettings, count: Int) async throws {
        try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
            _ = try await VocabularyRepository(database: database, vocabulary: .skills).add(slug: "editing", label: "Editing")
            // An opening for each: accepting one does not pause the position.
            _ = try await PositionRepository(database: database).create(
                NewPosition(slug: "editor", title: "Editor", team: "Editorial", openings: max(count, 1)))
            _ = try await PositionRepository(database: database).move(slug: "editor", to: .open)
            for _ in 0..<count {
                _ = try await ApplicationRepository(database: database).submit(TestSealing.newApplication(database, person: Self.canary))
            }
        }
    }

    @Test func initCreatesAPrivateKeyFileAndNeverOverwritesIt() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                try await Self.withHome { home in
                    let env = ["DATABASE_URL": settings.url, "HOME": home.path]
                    let created = try await BinaryRunner.run(
                        "vtrack", ["keys", "init", "--name", "alice", "--no-passphrase"], environment: env)
                    #expect(created.status == 0, "\(created.standardError)")
                    let path = home.appendingPathComponent(".config/vtrack/key").path
                    #expect(created.standardOutput.contains("private key written to \(path)"))
                    let attributes = try FileManager.default.attributesOfItem(atPath: path)
                    #expect((attributes[.posixPermissions] as? Int) == 0o600)
                    let key = try CoordinatorPrivateKey(fileContents: String(contentsOfFile: path, encoding: .utf8))
                    #expect(created.standardOutput.contains(key.fingerprint))
                    let before = try String(contentsOfFile: path, encoding: .utf8)

                    let again = try await BinaryRunner.run(
                        "vtrack", ["keys", "init", "--name", "alice2", "--no-passphrase"], environment: env)
                    #expect(again.status == 1)
                    #expect(again.standardError.contains("already exists and is never overwritten"))
                    #expect(try String(contentsOfFile: path, encoding: .utf8) == before)

                    let other = home.appendingPathComponent("other.key").path
                    let taken = try await BinaryRunner.run(
                        "vtrack", ["keys", "init", "--name", "alice", "--key-file", other, "--no-passphrase"], environment: env)
                    #expect(taken.status == 1)
                    #expect(taken.standardError.contains("key alice already exists"))
                    #expect(!FileManager.default.fileExists(atPath: other), "no key file for a key that was not registered")
                    let leftovers = try FileManager.default.contentsOfDirectory(atPath: home.path).filter { $0.contains(".new-") }
                    #expect(leftovers.isEmpty)

                    let badName = try await BinaryRunner.run(
                        "vtrack", ["keys", "init", "--name", "Not Valid", "--key-file", other, "--no-passphrase"], environment: env)
                    #expect(badName.status == 65)

                    // A folder that is a file: even root cannot write there.
                    let underAFile = URL(fileURLWithPath: path).appendingPathComponent("key").path
                    let unwritable = try await BinaryRunner.run(
                        "vtrack", ["keys", "init", "--name", "carol", "--key-file", underAFile, "--no-passphrase"], environment: env)
                    #expect(unwritable.status == 73, "an output file that cannot be written: \(unwritable.standardError)")
                    #expect(unwritable.standardError.contains("cannot write the key file"))

                    let list = try await BinaryRunner.run("vtrack", ["keys", "list", "--json"], environment: env)
                    let keys = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
                    #expect(keys.count == 1)
                    #expect(Set(keys[0].keys) == ["id", "name", "fingerprint", "registered_by", "registered_at", "applicants_it_can_open"])
                    #expect(keys[0]["registered_by"] as? String == settings.username)
                }
            }
        }
    }

    @Test func revealGrantAndRevokeThroughTheBinary() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                try await Self.withHome { home in
                    let alice = home.appendingPathComponent("alice.key").path
                    let bob = home.appendingPathComponent("bob.key").path
                    let env = ["DATABASE_URL": settings.url, "HOME": home.path, "VTRACK_KEY_FILE": alice]
                    func vtrack(_ arguments: String...) async throws -> BinaryRun {
                        try await BinaryRunner.run("vtrack", arguments, environment: env)
                    }
                    #expect(try await vtrack("keys", "init", "--name", "alice", "--no-passphrase").status == 0)
                    try await Self.seedApplications(settings, count: 3)
                    #expect(try await vtrack("keys", "init", "--name", "bob", "--key-file", bob, "--no-passphrase").status == 0)

                    let plain = try await vtrack("applications", "list")
                    #expect(plain.status == 0)
                    #expect(plain.standardOutput.split(separator: "\n").count == 4)
                    #expect(!plain.standardOutput.contains("Canary") && !plain.standardOutput.contains("canary"))

                    let revealed = try await vtrack("applications", "list", "--reveal", "--json")
                    #expect(revealed.status == 0, "\(revealed.standardError)")
                    let rows = try #require(try JSONSerialization.jsonObject(with: Data(revealed.standardOutput.utf8)) as? [[String: Any]])
                    #expect(rows.count == 3)
                    #expect(rows.allSatisfy { ($0["personal_data"] as? [String: Any])?["name"] as? String == Self.canary.name })

                    let bobBefore = try await vtrack("applications", "list", "--reveal", "--key-file", bob)
                    #expect(bobBefore.standardOutput.contains("(not granted to your key)"))
                    let grant = try await vtrack("keys", "grant", "bob", "--batch-size", "2")
                    #expect(grant.status == 0)
                    #expect(grant.standardOutput.contains("granted key bob access to 3 more applicant(s)"))
                    let bobAfter = try await vtrack("applications", "list", "--reveal", "--key-file", bob)
                    #expect(bobAfter.standardOutput.components(separatedBy: Self.canary.name).count == 4)
                    #expect(try await vtrack("keys", "list").standardOutput.contains("3/3"))

                    #expect(try await vtrack("keys", "revoke", "bob").status == 0)
                    let revoked = try await vtrack("applications", "list", "--reveal", "--key-file", bob)
                    #expect(revoked.status == 77)
                    #expect(revoked.standardError.contains("is not registered"))
                    let last = try await vtrack("keys", "revoke", "alice")
                    #expect(last.status == 1)
                    #expect(last.standardError.contains("3 applicant(s) can be opened only with key alice"))

                    let missing = try await vtrack(
                        "applications", "list", "--reveal", "--key-file", home.appendingPathComponent("none").path)
                    #expect(missing.status == 77)
                    #expect(missing.standardError.contains("no key file at"))
                    try "ssh-ed25519 AAAA".write(toFile: bob, atomically: true, encoding: .utf8)
                    chmod(bob, 0o600)
                    let malformed = try await vtrack("applications", "list", "--reveal", "--key-file", bob)
                    #expect(malformed.status == 77)
                    #expect(malformed.standardError.contains("not a usable vtrack key"))

                    // Who looked at whom: all nine reveals were this login's, of three applicants.
                    let reveals = try await vtrack("audit", "reveals", "--json")
                    let counts = try #require(try JSONSerialization.jsonObject(with: Data(reveals.standardOutput.utf8)) as? [[String: Any]])
                    #expect(counts.count == 1)
                    #expect(counts.first?["reveals"] as? Int == 9)
                    #expect(counts.first?["applicants"] as? Int == 3)
                    #expect(try await vtrack("audit", "reveals", "--by", "nobody").standardOutput == "no reveals in this period\n")
                    let table = try await vtrack("audit", "reveals", "--since", "2000-01-01")
                    #expect(
                        table.standardOutput.hasPrefix("COORDINATOR")
                            && table.standardOutput.contains("REVEALS  APPLICANTS  NOTES  THREADS  FIRST"))
                    #expect(try await vtrack("audit", "reveals", "--since", "last tuesday").status == 64)

                    for run in [plain, grant, last, missing, malformed, revoked, reveals, table] {
                        #expect(!(run.standardOutput + run.standardError).lowercased().contains("canary"))
                    }
                }
            }
            let reveals = try await test.values("SELECT count(*)::text FROM events WHERE event_type = 'personal_data.revealed'")
            #expect(reveals == ["9"], "3 rows revealed by alice once and by bob twice (once without a grant)")
        }
    }

    @Test func coordinatorsCannotCreateLogins() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                let run = try await BinaryRunner.run("vtrack", ["coordinators", "add", "eve"], environment: ["DATABASE_URL": settings.url])
                #expect(run.status == 77)
                #expect(run.standardError.contains("permission denied"))
            }
        }
    }

    @Test func theOwnerAddsAndRemovesCoordinators() async throws {
        try await TestDatabase.withMigrated { test in
            let name = "coord_" + UUID().uuidString.prefix(8).lowercased()
            let env = ["DATABASE_URL": test.settings.url]
            let added = try await BinaryRunner.run("vtrack", ["coordinators", "add", name], environment: env)
            #expect(added.status == 0, "\(added.standardError)")
            let url = try #require(added.standardOutput.firstMatch(of: /DATABASE_URL='([^']+)'/)?.1)
            let asThem = try await BinaryRunner.run(
                "vtrack", ["skills", "add", "editing", "Editing"], environment: ["DATABASE_URL": String(url)])
            #expect(asThem.status == 0)
            let list = try await BinaryRunner.run("vtrack", ["coordinators", "list", "--json"], environment: env)
            #expect(list.standardOutput.contains("\"name\" : \"\(name)\""))
            #expect(try await BinaryRunner.run("vtrack", ["coordinators", "remove", name], environment: env).status == 0)
            let refused = try await BinaryRunner.run("vtrack", ["skills", "list"], environment: ["DATABASE_URL": String(url)])
            #expect(refused.status != 0)
            let again = try await BinaryRunner.run("vtrack", ["coordinators", "remove", name], environment: env)
            #expect(again.status == 65)
            try await TestDatabase.clusterSuperuser("DROP ROLE IF EXISTS \(name)")
        }
    }
}
