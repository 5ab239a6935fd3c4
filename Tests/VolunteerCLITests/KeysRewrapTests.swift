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

                    let rewrap = try BinaryRunner.launch(
                        "vtrack", ["keys", "rewrap", "--batch-size", "1", "--key-file", keyFile("bob")], environment: env
                    )
                    var moved = 0
                    while moved < 10, rewrap.process.isRunning {
                        try await Task.sleep(for: .milliseconds(5))
                        moved = try await Self.count(test, "SELECT count(*)::text FROM applicant_data_keys WHERE organisation_key_id = '\(current)'")
                    }
                    rewrap.signal(SIGKILL)
                    _ = try await rewrap.waitForExit(timeout: .seconds(10))
                    let halfWay = try await Self.count(test, "SELECT count(*)::text FROM applicant_data_keys WHERE organisation_key_id = '\(current)'")
                    #expect(halfWay > 0 && halfWay < Self.applicants, "killed half-way: \(halfWay) of \(Self.applicants) moved")

                    let keys = try ["alice", "bob"].map { try CoordinatorPrivateKey(fileContents: String(contentsOfFile: keyFile($0), encoding: .utf8)) }
                    try await Self.expectEveryoneOpenable(by: keys, settings)

                    let second = try await vtrack("keys", "rewrap", "--key-file", keyFile("alice"))
                    #expect(second.standardOutput.contains("moved \(Self.applicants - halfWay) applicant(s)"), "\(second.standardOutput)")
                    #expect(try await Self.count(test, "SELECT count(*)::text FROM applicant_data_keys WHERE organisation_key_id <> '\(current)'") == 0)
                    #expect(try await Self.count(test, "SELECT count(*)::text FROM organisation_keys") == 1, "the retired key is dropped")
                    try await Self.expectEveryoneOpenable(by: keys, settings)
                    let list = try await vtrack("keys", "list")
                    #expect(list.standardOutput.contains("opens \(Self.applicants)/\(Self.applicants)"))
                    #expect(!list.standardError.contains("rewrap"))
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
