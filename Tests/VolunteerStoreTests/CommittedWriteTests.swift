import PostgresNIO
import Testing
import VolunteerStore
import VolunteerTestSupport

/// `Database.write` answers after the COMMIT has: an error raised at commit
/// reaches the caller, and nothing is reported written that was not.
@Suite struct CommittedWriteTests {
    /// A table whose rows are refused only at commit, by a deferred check.
    static let refusedAtCommit = [
        "CREATE TABLE refused_at_commit (n int)",
        """
        CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused at commit' USING ERRCODE = 'P0001'; END $$
        """,
        """
        CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON refused_at_commit
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()
        """,
    ]

    @Test func anErrorAtCommitReachesTheCaller() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.superuser(statements: Self.refusedAtCommit)
            try await test.withDatabase { database in
                let error = await #expect(throws: PSQLError.self) {
                    try await database.write("INSERT INTO refused_at_commit VALUES (1) RETURNING n")
                }
                #expect(error?.serverInfo?[.message] == "refused at commit")
            }
            #expect(try await test.values("SELECT count(*)::text FROM refused_at_commit") == ["0"])
        }
    }

    @Test func aWritesRowsComeBackOnceCommitted() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.superuser("CREATE TABLE written (n int)")
            try await test.withDatabase { database in
                let rows = try await database.write("INSERT INTO written VALUES (7), (8) RETURNING n")
                #expect(try rows.map { try $0.decode(Int.self) } == [7, 8])
            }
            #expect(try await test.values("SELECT string_agg(n::text, ',' ORDER BY n) FROM written") == ["7,8"])
        }
    }
}
