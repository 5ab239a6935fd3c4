import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct MigrationRunnerTests {
    func runner(_ files: [(String, String)]) throws -> MigrationRunner {
        let migrations = try MigrationSet(files.map { try Migration(fileName: $0.0, contents: $0.1) })
        return MigrationRunner(migrations: migrations, logger: TestEnvironment.logger)
    }

    let twoFiles = [
        ("0001_create_a.sql", "CREATE TABLE a (id int PRIMARY KEY, label text NOT NULL);"),
        ("0002_fill_a.sql", "INSERT INTO a VALUES (1, 'one');\nINSERT INTO a VALUES (2, 'two');"),
    ]

    @Test func appliesAFreshDatabaseInOrderAndRecordsEachFile() async throws {
        let runner = try runner(twoFiles)
        try await TestDatabase.withEmpty { test in
            let applied = try await test.withDatabase { try await runner.migrate(on: $0) }
            #expect(applied.map(\.fileName) == ["0001_create_a.sql", "0002_fill_a.sql"])
            #expect(try await test.values("SELECT label FROM a ORDER BY id") == ["one", "two"])
            #expect(
                try await test.values("SELECT version || ' ' || name || ' ' || checksum FROM schema_migrations ORDER BY version") == [
                    "1 create_a \(runner.migrations.migrations[0].checksum)",
                    "2 fill_a \(runner.migrations.migrations[1].checksum)",
                ])
            let status = try await test.withDatabase { try await runner.status(on: $0) }
            #expect(status.map(\.state) == [.applied, .applied])
        }
    }

    @Test func aReRunAppliesNothing() async throws {
        let runner = try runner(twoFiles)
        try await TestDatabase.withEmpty { test in
            try await test.withDatabase { try await runner.migrate(on: $0) }
            let again = try await test.withDatabase { try await runner.migrate(on: $0) }
            #expect(again.isEmpty)
            #expect(try await test.values("SELECT count(*)::text FROM a") == ["2"])
        }
    }

    @Test func statusListsPendingAndUnknownFiles() async throws {
        try await TestDatabase.withEmpty { test in
            let status = try await test.withDatabase { try await runner(twoFiles).status(on: $0) }
            #expect(status.map(\.state) == [.pending, .pending])

            try await test.withDatabase { try await runner(twoFiles).migrate(on: $0) }
            let older = try runner([twoFiles[0]])
            let seenByOlderBuild = try await test.withDatabase { try await older.status(on: $0) }
            #expect(seenByOlderBuild.map(\.state) == [.applied, .unknown])
            #expect(seenByOlderBuild.map(\.fileName) == ["0001_create_a.sql", "0002_fill_a.sql"])
        }
    }

    @Test func aChangedAppliedFileStopsTheRunAndIsNamed() async throws {
        try await TestDatabase.withEmpty { test in
            try await test.withDatabase { try await runner([twoFiles[0]]).migrate(on: $0) }
            let edited = try runner([
                ("0001_create_a.sql", "CREATE TABLE a (id bigint PRIMARY KEY, label text NOT NULL);"),
                twoFiles[1],
            ])
            await #expect(throws: MigrationError.checksumMismatch(fileName: "0001_create_a.sql")) {
                try await test.withDatabase { try await edited.migrate(on: $0) }
            }
            #expect(try await test.values("SELECT count(*)::text FROM a") == ["0"], "nothing after the changed file ran")
            let status = try await test.withDatabase { try await edited.status(on: $0) }
            #expect(status.map(\.state) == [.changed, .pending])
        }
    }

    @Test func aFileThatFailsHalfWayLeavesNothingOfItself() async throws {
        let broken = try runner([
            twoFiles[0],
            (
                "0002_half.sql",
                """
                CREATE TABLE b (x int);
                INSERT INTO b VALUES (1);
                INSERT INTO a VALUES (1, 'one');

                INSERT INTO a VALUES (1, 'duplicate');
                """
            ),
        ])
        try await TestDatabase.withEmpty { test in
            let error = await #expect(throws: MigrationError.self) {
                try await test.withDatabase { try await broken.migrate(on: $0) }
            }
            guard case .failed(let fileName, let line, let reason) = try #require(error) else {
                Issue.record("expected .failed, got \(String(describing: error))")
                return
            }
            #expect(fileName == "0002_half.sql")
            #expect(line == 5)
            #expect(reason.contains("duplicate key"))
            #expect(try await test.values("SELECT to_regclass('b')::text") == [nil])
            #expect(try await test.values("SELECT count(*)::text FROM a") == ["0"])
            #expect(try await test.values("SELECT version::text FROM schema_migrations") == ["1"])

            let fixed = try runner([twoFiles[0], ("0002_half.sql", "CREATE TABLE b (x int);")])
            let applied = try await test.withDatabase { try await fixed.migrate(on: $0) }
            #expect(applied.map(\.version) == [2])
        }
    }

    @Test func concurrentRunnersSerialiseAndApplyEachFileOnce() async throws {
        let slow = try runner([
            ("0001_slow.sql", "CREATE TABLE slow (id int); SELECT pg_sleep(0.3);"),
            ("0002_more.sql", "CREATE TABLE more (id int); INSERT INTO slow VALUES (1);"),
        ])
        try await TestDatabase.withEmpty { test in
            let appliedCounts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await test.withDatabase { try await slow.migrate(on: $0) }.count }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(appliedCounts.reduce(0, +) == 2)
            #expect(appliedCounts.filter { $0 > 0 }.count == 1, "one runner applies everything while the others wait")
            #expect(try await test.values("SELECT count(*)::text FROM slow") == ["1"])
            #expect(try await test.values("SELECT count(*)::text FROM schema_migrations") == ["2"])
        }
    }

    @Test func trickySQLRunsAsWritten() async throws {
        let tricky = try runner([
            (
                "0001_tricky.sql",
                #"""
                -- A comment; with a semicolon.
                CREATE TABLE notes (id int PRIMARY KEY, body text);
                /* A block comment; /* nested; */ still a comment; */
                INSERT INTO notes VALUES (1, 'semi;colon'), (2, 'it''s; quoted'), (3, E'back\'slash;');
                CREATE TABLE "odd;name" (x int);
                CREATE FUNCTION note_count(prefix text) RETURNS int LANGUAGE plpgsql AS $$
                DECLARE
                    total int;
                BEGIN
                    SELECT count(*) INTO total FROM notes WHERE body LIKE prefix || '%';
                    RETURN total; -- a comment; inside
                END;
                $$;
                CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql AS $body$
                    SELECT upper(t) || $x$;!$x$
                $body$;
                """#
            )
        ])
        try await TestDatabase.withEmpty { test in
            try await test.withDatabase { try await tricky.migrate(on: $0) }
            #expect(try await test.values("SELECT body FROM notes ORDER BY id") == ["semi;colon", "it's; quoted", "back'slash;"])
            #expect(try await test.values("SELECT note_count('semi')::text") == ["1"])
            #expect(try await test.values("SELECT shout('hi')") == ["HI;!"])
            #expect(try await test.values(#"SELECT count(*)::text FROM "odd;name""#) == ["0"])
        }
    }

    @Test func theProjectsOwnMigrationsApplyCleanly() async throws {
        let migrations = try MigrationDirectory.load(TestEnvironment.migrationsDirectory)
        #expect(!migrations.migrations.isEmpty)
        let runner = MigrationRunner(migrations: migrations, logger: TestEnvironment.logger)
        try await TestDatabase.withEmpty { test in
            try await test.withDatabase { try await runner.migrate(on: $0) }
            let status = try await test.withDatabase { try await runner.status(on: $0) }
            #expect(status.allSatisfy { $0.state == .applied })
        }
    }
}

@Suite struct MigrationDirectoryTests {
    func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-migrations-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, contents) in files {
            try Data(contents.utf8).write(to: url.appendingPathComponent(name))
        }
        return url
    }

    @Test func loadsSQLFilesAndIgnoresTheRest() throws {
        let url = try folder(["0002_b.sql": "SELECT 2;", "0001_a.sql": "SELECT 1;", "README.md": "notes"])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try MigrationDirectory.load(url).migrations.map(\.fileName) == ["0001_a.sql", "0002_b.sql"])
    }

    @Test func refusesABadlyNamedSQLFile() throws {
        let url = try folder(["0001_a.sql": "", "add_things.sql": ""])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: MigrationError.invalidFileName("add_things.sql")) { try MigrationDirectory.load(url) }
    }

    @Test func anExplicitFolderMustExist() {
        #expect(throws: MigrationError.directoryNotFound("/no/such/folder")) {
            try MigrationDirectory.locate(explicit: "/no/such/folder")
        }
    }

    @Test func theEnvironmentNamesTheFolder() throws {
        let url = try folder([:])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try MigrationDirectory.locate(environment: ["VTRACK_MIGRATIONS_DIR": url.path]).path == url.path)
    }
}
