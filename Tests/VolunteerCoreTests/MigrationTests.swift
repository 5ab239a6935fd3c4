import Testing

@testable import VolunteerCore

@Suite struct MigrationTests {
    @Test(arguments: [
        ("0001_initial.sql", 1, "initial"),
        ("0042_add_events_2.sql", 42, "add_events_2"),
        ("7_short.sql", 7, "short"),
    ])
    func parsesFileNames(fileName: String, version: Int, name: String) throws {
        let migration = try Migration(fileName: fileName, contents: "SELECT 1;")
        #expect(migration.version == version)
        #expect(migration.name == name)
        #expect(migration.fileName == fileName)
    }

    @Test(arguments: [
        "initial.sql", "0001.sql", "0001_.sql", "0000_zero.sql", "0001_Upper.sql",
        "0001_initial.txt", "x001_initial.sql", "0001_with space.sql", "-1_negative.sql",
    ])
    func refusesBadFileNames(fileName: String) {
        #expect(throws: MigrationError.invalidFileName(fileName)) {
            try Migration(fileName: fileName, contents: "")
        }
    }

    @Test func checksumIsTheSHA256OfTheContents() throws {
        let migration = try Migration(fileName: "0001_a.sql", contents: "abc")
        #expect(migration.checksum == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let changed = try Migration(fileName: "0001_a.sql", contents: "abc ")
        #expect(changed.checksum != migration.checksum)
    }

    @Test func setIsOrderedByVersion() throws {
        let set = try MigrationSet([
            Migration(fileName: "0010_c.sql", contents: ""),
            Migration(fileName: "0002_b.sql", contents: ""),
            Migration(fileName: "0001_a.sql", contents: ""),
        ])
        #expect(set.migrations.map(\.version) == [1, 2, 10])
        #expect(set.latestVersion == 10)
    }

    @Test func setRefusesDuplicateVersions() throws {
        #expect(throws: MigrationError.duplicateVersion(2, "0002_a.sql", "2_b.sql")) {
            try MigrationSet([
                Migration(fileName: "0002_a.sql", contents: ""),
                Migration(fileName: "2_b.sql", contents: ""),
            ])
        }
    }

    @Test(arguments: ["BEGIN", "COMMIT", "rollback", "START TRANSACTION", "END", "SAVEPOINT s"])
    func refusesTransactionControl(statement: String) throws {
        let migration = try Migration(fileName: "0001_a.sql", contents: "CREATE TABLE t (x int);\n\(statement);")
        #expect(throws: MigrationError.self) { try migration.statements() }
    }

    @Test func reportsUnsplittableSQLWithTheFileName() throws {
        let migration = try Migration(fileName: "0003_broken.sql", contents: "SELECT 'open")
        #expect(
            throws: MigrationError.unreadableSQL(
                fileName: "0003_broken.sql", reason: "unterminated string literal starting on line 1"
            )
        ) { try migration.statements() }
    }
}
