import Foundation
import Testing
import VolunteerTestSupport

@Suite struct MigrateCommandTests {
    func vtrack(_ arguments: [String], databaseURL: String?, _ environment: [String: String] = [:]) async throws -> BinaryRun {
        var environment = environment
        if let databaseURL { environment["DATABASE_URL"] = databaseURL }
        return try await BinaryRunner.run("vtrack", arguments, environment: environment)
    }

    @Test func appliesThenReportsUpToDate() async throws {
        try await TestDatabase.withEmpty { test in
            let first = try await vtrack(["migrate"], databaseURL: test.settings.url)
            #expect(first.status == 0, "\(first.standardError)")
            #expect(first.standardOutput.contains("applied 0001_initial.sql"))
            #expect(first.standardOutput.contains("schema is now at version"))

            let second = try await vtrack(["migrate"], databaseURL: test.settings.url)
            #expect(second.status == 0)
            #expect(!second.standardOutput.contains("applied "))
            #expect(second.standardOutput.contains("schema is up to date"))
        }
    }

    @Test func statusShowsPendingThenAppliedAsTableAndJSON() async throws {
        try await TestDatabase.withEmpty { test in
            let before = try await vtrack(["migrate", "--status"], databaseURL: test.settings.url)
            #expect(before.status == 0)
            #expect(before.standardOutput.contains("0001_initial.sql"))
            #expect(before.standardOutput.contains("pending"))

            _ = try await vtrack(["migrate"], databaseURL: test.settings.url)
            let after = try await vtrack(["migrate", "--status", "--json"], databaseURL: test.settings.url)
            #expect(after.status == 0)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(after.standardOutput.utf8)) as? [[String: Any]])
            #expect(rows.first?["file"] as? String == "0001_initial.sql")
            #expect(rows.first?["version"] as? Int == 1)
            #expect(rows.allSatisfy { $0["state"] as? String == "applied" && $0["applied_at"] is String })
            let csv = try await vtrack(["migrate", "--status", "--format", "csv"], databaseURL: test.settings.url)
            #expect(csv.status == 0, "\(csv.standardError)")
            let lines = csv.standardOutput.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == #""version","file","state","applied_at""#)
            #expect(lines.count == rows.count + 1)
            #expect(lines[1].hasPrefix(#""1","0001_initial.sql","applied","20"#))
        }
    }

    @Test func theDatabaseURLOptionWinsOverTheEnvironmentWithItsPasswordFromPGPASSWORD() async throws {
        try await TestDatabase.withEmpty { test in
            var withoutPassword = test.settings
            withoutPassword.password = nil
            let run = try await vtrack(
                ["migrate", "--database-url", withoutPassword.url], databaseURL: "postgres://nobody@127.0.0.1:1/none",
                ["PGPASSWORD": test.settings.password ?? ""]
            )
            #expect(run.status == 0, "\(run.standardError)")
        }
    }

    /// Every user of the machine can read a process's arguments.
    @Test func aPasswordInTheDatabaseURLOptionIsRefused() async throws {
        for binary in ["vtrack", "vtrack-server"] {
            let arguments = (binary == "vtrack" ? ["migrate"] : []) + ["--database-url", "postgres://vtrack:s3cret-pw@127.0.0.1:1/vtrack"]
            let run = try await BinaryRunner.run(
                binary, arguments, environment: ["VTRACK_BLIND_INDEX_KEY": String(repeating: "ab", count: 32)])
            #expect(run.status == 64, "\(binary): \(run.standardError)")
            #expect(run.standardError.contains("--database-url is invalid: it holds a password"), "\(binary)")
            #expect(run.standardError.contains("DATABASE_URL") && run.standardError.contains("PGPASSWORD"), "\(binary)")
            #expect(!run.standardError.contains("s3cret-pw"), "\(binary)")
        }
    }

    @Test func anUnreachableDatabaseExits69Quickly() async throws {
        let started = ContinuousClock.now
        let run = try await vtrack(["migrate"], databaseURL: "postgres://vtrack:pw@127.0.0.1:1/vtrack?sslmode=disable")
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(run.status == 69)
        #expect(run.standardError.contains("127.0.0.1:1/vtrack"))
        #expect(run.standardError.contains("connection refused"))
        #expect(!run.standardError.contains("pw@"))
    }

    @Test func aWrongPasswordExits69AndSaysSo() async throws {
        var settings = try TestEnvironment.adminSettings()
        settings.password = "wrong-password"
        let run = try await vtrack(["migrate", "--status"], databaseURL: settings.url)
        #expect(run.status == 69)
        #expect(run.standardError.contains("password authentication failed"))
        #expect(!run.standardError.contains("wrong-password"))
    }

    @Test(arguments: [
        (["migrate"], "mysql://x@y/z"),
        (["migrate", "--json"], "postgres://x@127.0.0.1/z"),
        (["migrate", "--format", "csv"], "postgres://x@127.0.0.1/z"),
        (["migrate", "--status", "--json", "--format", "table"], "postgres://x@127.0.0.1/z"),
        (["migrate", "--bogus"], "postgres://x@127.0.0.1/z"),
        (["migrate", "--migrations", "/no/such/folder"], "postgres://x@127.0.0.1/z"),
    ])
    func usageErrorsExit64(arguments: [String], databaseURL: String) async throws {
        let run = try await vtrack(arguments, databaseURL: databaseURL)
        #expect(run.status == 64, "\(run.standardError)")
        #expect(!run.standardError.isEmpty)
    }

    @Test func aChangedAppliedFileExits1AndNamesIt() async throws {
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TestDatabase.withEmpty { test in
            let environment = ["VTRACK_MIGRATIONS_DIR": folder.path]
            _ = try await vtrack(["migrate"], databaseURL: test.settings.url, environment)
            let file = folder.appendingPathComponent("0001_initial.sql")
            try (String(contentsOf: file, encoding: .utf8) + "\n-- edited\n").write(to: file, atomically: true, encoding: .utf8)
            let run = try await vtrack(["migrate"], databaseURL: test.settings.url, environment)
            #expect(run.status == 1)
            #expect(run.standardError.contains("0001_initial.sql was changed after it was applied"))
        }
    }

    @Test func aBrokenFileExits65AndNamesTheFileAndLine() async throws {
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "CREATE TABLE fine (x int);\nCREATE TABLE broken (x no_such_type);\n"
            .write(to: folder.appendingPathComponent("9999_broken.sql"), atomically: true, encoding: .utf8)
        try await TestDatabase.withEmpty { test in
            let run = try await vtrack(["migrate"], databaseURL: test.settings.url, ["VTRACK_MIGRATIONS_DIR": folder.path])
            #expect(run.status == 65)
            #expect(run.standardError.contains("9999_broken.sql failed at the statement on line 2"))
            #expect(run.standardError.contains("type \"no_such_type\" does not exist"))
            #expect(try await test.values("SELECT to_regclass('fine')::text") == [nil])
        }
    }

    /// Installed on PATH and run from elsewhere, vtrack finds the migrations
    /// folder above its own file (its first argument is then only "vtrack").
    @Test func foundOnPathItFindsTheMigrationsAboveItsOwnFile() async throws {
        try await TestDatabase.withMigrated { test in
            let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-cwd-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: elsewhere) }
            let binaries = TestEnvironment.binary("vtrack").deletingLastPathComponent().path
            let run = try await BinaryRunner.run(
                executable: URL(fileURLWithPath: "/bin/sh"), ["-c", "cd \"$1\" && exec vtrack migrate --status", "sh", elsewhere.path],
                environment: ["PATH": "\(binaries):/usr/bin:/bin", "VTRACK_MIGRATIONS_DIR": "", "DATABASE_URL": test.settings.url]
            )
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput.contains("0001_initial.sql") && !run.standardOutput.contains("pending"))
        }
    }

    @Test func helpListsTheExitCodes() async throws {
        let run = try await vtrack(["--help"], databaseURL: nil)
        #expect(run.status == 0)
        for code in ["64", "65", "69", "77"] { #expect(run.standardOutput.contains(code)) }
    }

    func copyOfMigrations() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-migrations-\(UUID())")
        try FileManager.default.copyItem(at: TestEnvironment.migrationsDirectory, to: folder)
        return folder
    }
}
