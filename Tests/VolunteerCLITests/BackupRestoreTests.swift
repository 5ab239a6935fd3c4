import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// scripts/backup and scripts/restore, run as an operator runs them, with
/// the key exported and imported apart from the dump: what was sealed opens
/// again on the restored database, and its audit chain verifies.
@Suite struct BackupRestoreTests {
    static func script(_ name: String) -> URL {
        TestEnvironment.repositoryRoot.appendingPathComponent("scripts/\(name)")
    }

    static func vtrack(
        _ arguments: [String], _ environment: [String: String], _ descriptors: [Int32: String] = [:]
    ) async throws
        -> BinaryRun
    {
        try await BinaryRunner.run("vtrack", arguments, environment: environment, descriptors: descriptors)
    }

    /// The URL `vtrack coordinators add` prints for the new login; one made
    /// again for a `restored` coordinator is told to import their key.
    static func addCoordinator(_ name: String, owner: String, restored: Bool = false) async throws -> String {
        let added = try await vtrack(["coordinators", "add", name], ["DATABASE_URL": owner])
        #expect(added.status == 0, "\(added.standardError)")
        #expect(added.standardOutput.contains("vtrack keys import") == restored)
        let line = added.standardOutput.split(separator: "\n").first { $0.contains("export DATABASE_URL=") }
        return try #require(line?.split(separator: "'").dropFirst().first.map(String.init))
    }

    /// A coordinator added as an operator adds one, with a key sealed with a
    /// passphrase, one applicant sealed for it and a sealed audit chain; the
    /// key exported and the database backed up to `dump`. Roles are the
    /// cluster's: the coordinator's is dropped afterwards.
    static func withBackup(
        _ body: (_ home: URL, _ source: TestDatabase, _ coordinator: String, _ dump: String, _ export: String) async throws -> Void
    ) async throws {
        try await TestDatabase.withMigrated { source in
            let coordinator = "bk_" + UUID().uuidString.lowercased().prefix(8)
            do {
                try await KeysCommandTests.withHome { home in
                    let url = try await addCoordinator(coordinator, owner: source.settings.url)
                    let environment = [
                        "DATABASE_URL": url, "VTRACK_KEY_FILE": home.appendingPathComponent("key").path,
                        "VTRACK_TEST_SCRYPT_N": "1024",
                    ]
                    let created = try await vtrack(
                        ["keys", "init", "--name", coordinator, "--passphrase-fd", "3"], environment, [3: "key\n"])
                    #expect(created.status == 0, "\(created.standardError)")
                    try await KeysCommandTests.seedApplications(source.settings, count: 1)
                    let sealed = try await vtrack(["audit", "seal"], ["DATABASE_URL": source.settings.url])
                    #expect(sealed.status == 0, "\(sealed.standardError)")

                    let export = home.appendingPathComponent("export.vtrack-key").path
                    let exported = try await vtrack(
                        ["keys", "export", "--out", export, "--passphrase-fd", "3", "--new-passphrase-fd", "4"], environment,
                        [3: "key\n", 4: "export\n"])
                    #expect(exported.status == 0, "\(exported.standardError)")

                    let dump = home.appendingPathComponent("vtrack.dump").path
                    let backup = try await BinaryRunner.run(
                        executable: script("backup"), [dump], environment: ["DATABASE_URL": source.settings.url])
                    #expect(backup.status == 0, "\(backup.standardError)")
                    #expect(backup.standardOutput.contains("VTRACK_BLIND_INDEX_KEY"))
                    #expect(backup.standardOutput.contains("vtrack keys export"))
                    #expect(backup.standardOutput.contains("pg_dump dumps no roles"))
                    #expect((try FileManager.default.attributesOfItem(atPath: dump)[.posixPermissions] as? Int) == 0o600)
                    let again = try await BinaryRunner.run(
                        executable: script("backup"), [dump], environment: ["DATABASE_URL": source.settings.url])
                    #expect(again.status == 1 && again.standardError.contains("never overwritten"))

                    try await body(home, source, coordinator, dump, export)
                }
            } catch {
                try? await TestDatabase.clusterSuperuser(#"DROP ROLE IF EXISTS "\#(coordinator)""#)
                throw error
            }
            try? await TestDatabase.clusterSuperuser(#"DROP ROLE IF EXISTS "\#(coordinator)""#)
        }
    }

    /// On the restored database `owner` names: the coordinator's login made
    /// again, the key imported, the applicant opened (an event), the chain
    /// sealed on and verified.
    static func openWithImportedKey(home: URL, owner: String, coordinator: String, export: String) async throws {
        let url = try await addCoordinator(coordinator, owner: owner, restored: true)
        let keyPath = home.appendingPathComponent("imported-\(UUID().uuidString.prefix(8))").path
        let environment = ["DATABASE_URL": url, "VTRACK_KEY_FILE": keyPath, "VTRACK_TEST_SCRYPT_N": "1024"]
        let imported = try await vtrack(
            ["keys", "import", export, "--passphrase-fd", "3", "--new-passphrase-fd", "4"], environment, [3: "export\n", 4: "new key\n"])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("registered as key \(coordinator)"))

        let revealed = try await vtrack(["applications", "list", "--reveal", "--passphrase-fd", "3"], environment, [3: "new key\n"])
        #expect(revealed.status == 0, "\(revealed.standardError)")
        #expect(revealed.standardOutput.contains(KeysCommandTests.canary.name))
        // New events must sort after the restored ones: sealed after them, the chain still holds.
        let sealed = try await vtrack(["audit", "seal"], ["DATABASE_URL": owner])
        #expect(sealed.status == 0, "\(sealed.standardError)")
        let verified = try await vtrack(["audit", "verify"], environment)
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput.contains("intact"))
    }

    @Test func aBackupRestoresIntoANewClusterWhereTheImportedKeyOpensTheApplicant() async throws {
        try await Self.withBackup { home, source, coordinator, dump, export in
            let folder = home.appendingPathComponent("restored")
            let restore = try await BinaryRunner.run(
                executable: Self.script("restore"), [dump],
                environment: ["VTRACK_RESTORE_DIR": folder.path, "VTRACK_BIN": TestEnvironment.binary("vtrack").path],
                timeout: .seconds(60))
            defer { Self.stopCluster(in: folder) }
            #expect(restore.status == 0, "\(restore.standardError)")
            #expect(restore.standardOutput.contains("vtrack coordinators add \(coordinator)"))
            #expect(restore.standardOutput.contains("VTRACK_BLIND_INDEX_KEY"))

            let ownerFile = try String(contentsOf: folder.appendingPathComponent("owner.env"), encoding: .utf8)
            let owner = try #require(ownerFile.split(separator: "=", maxSplits: 1).last).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await PrivilegeSnapshot.take(DatabaseSettings(url: owner)) == PrivilegeSnapshot.take(source.settings))
            try await Self.openWithImportedKey(home: home, owner: owner, coordinator: coordinator, export: export)
        }
    }

    @Test func aBackupRestoresIntoAnEmptyDatabaseAndNeverIntoAFullOne() async throws {
        try await Self.withBackup { home, source, coordinator, dump, export in
            try await TestDatabase.withEmpty { target in
                let environment = ["DATABASE_URL": target.settings.url, "VTRACK_BIN": TestEnvironment.binary("vtrack").path]
                let restore = try await BinaryRunner.run(executable: Self.script("restore"), [dump], environment: environment)
                #expect(restore.status == 0, "\(restore.standardError)")
                #expect(try await PrivilegeSnapshot.take(target.settings) == PrivilegeSnapshot.take(source.settings))

                let full = try await BinaryRunner.run(executable: Self.script("restore"), [dump], environment: environment)
                #expect(full.status == 1)
                #expect(full.standardError.contains("is not empty"))

                // The coordinator's login is the cluster's, so it is there already.
                try await TestDatabase.clusterSuperuser(#"DROP ROLE "\#(coordinator)""#)
                try await Self.openWithImportedKey(home: home, owner: target.settings.url, coordinator: coordinator, export: export)
            }
        }
    }

    /// scripts/restore leaves its cluster running: stopped here by its
    /// postmaster's process id (fast shutdown), waiting until it removes
    /// its pid file on the way out.
    static func stopCluster(in folder: URL) {
        let pidFile = folder.appendingPathComponent("postgres/postmaster.pid")
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ pid_t($0) })
        else { return }
        kill(pid, SIGINT)
        for _ in 0..<600 where FileManager.default.fileExists(atPath: pidFile.path) { usleep(50_000) }
    }
}
