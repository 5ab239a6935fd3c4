import Testing

@testable import VolunteerCore

@Suite struct SQLScriptTests {
    func texts(_ script: String) throws -> [String] {
        try SQLScript.statements(in: script).map(\.text)
    }

    @Test func splitsOnTopLevelSemicolons() throws {
        #expect(
            try texts("CREATE TABLE a (x int);\nCREATE TABLE b (y int);") == [
                "CREATE TABLE a (x int)", "CREATE TABLE b (y int)",
            ])
    }

    @Test func keepsALastStatementWithoutSemicolon() throws {
        #expect(try texts("SELECT 1;\nSELECT 2") == ["SELECT 1", "SELECT 2"])
    }

    @Test func dropsEmptyAndCommentOnlyStatements() throws {
        #expect(try texts(";;\n-- only a comment\n;\n/* and this */;  \n") == [])
    }

    @Test func ignoresSemicolonsInStringLiterals() throws {
        #expect(
            try texts("INSERT INTO t VALUES ('a;b', 'it''s; fine');SELECT 1") == [
                "INSERT INTO t VALUES ('a;b', 'it''s; fine')", "SELECT 1",
            ])
    }

    @Test func handlesBackslashEscapesOnlyInEStrings() throws {
        #expect(
            try texts(#"SELECT E'a\';b';SELECT 'c\';SELECT 2"#) == [
                #"SELECT E'a\';b'"#, #"SELECT 'c\'"#, "SELECT 2",
            ])
    }

    @Test func anIdentifierEndingInEIsNotAnEscapePrefix() throws {
        #expect(try texts(#"SELECT name'x\';SELECT 2"#) == [#"SELECT name'x\'"#, "SELECT 2"])
    }

    @Test func ignoresSemicolonsInQuotedIdentifiers() throws {
        #expect(
            try texts(#"CREATE TABLE "odd;""name" (x int);SELECT 1"#) == [
                #"CREATE TABLE "odd;""name" (x int)"#, "SELECT 1",
            ])
    }

    @Test func ignoresSemicolonsInComments() throws {
        let script = """
            SELECT 1; -- a comment; with semicolons
            /* block; /* nested; */ still comment; */ SELECT 2;
            """
        #expect(try texts(script) == ["SELECT 1", "SELECT 2"])
    }

    @Test func ignoresSemicolonsInDollarQuotedBodies() throws {
        let script = """
            CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM 1; RETURN 2;
            END;
            $$;
            CREATE FUNCTION g() RETURNS text LANGUAGE plpgsql AS $body$
            BEGIN
              RETURN $$inner; quote$$;
            END;
            $body$;
            """
        let statements = try texts(script)
        #expect(statements.count == 2)
        #expect(statements[0].hasSuffix("END;\n$$"))
        #expect(statements[1].contains("RETURN $$inner; quote$$;"))
        #expect(statements[1].hasSuffix("$body$"))
    }

    @Test func positionalParametersAndDollarsInIdentifiersAreNotQuotes() throws {
        #expect(
            try texts("PREPARE p AS SELECT $1;SELECT a$b$ FROM t;SELECT 3") == [
                "PREPARE p AS SELECT $1", "SELECT a$b$ FROM t", "SELECT 3",
            ])
    }

    @Test func keepsMultiByteText() throws {
        #expect(try texts("SELECT 'Привіт; світ';SELECT '日本'") == ["SELECT 'Привіт; світ'", "SELECT '日本'"])
    }

    @Test func reportsTheLineEachStatementStartsOn() throws {
        let script = "\n\nSELECT 1;\n-- note\n\nSELECT\n  2;"
        #expect(try SQLScript.statements(in: script).map(\.line) == [3, 6])
    }

    @Test(arguments: [
        ("SELECT 'open", SQLScriptError.unterminated(.stringLiteral, line: 1)),
        ("SELECT 1;\nSELECT \"open", .unterminated(.quotedIdentifier, line: 2)),
        ("\n/* open /* nested */", .unterminated(.blockComment, line: 2)),
        ("SELECT 1;\n\nDO $x$ BEGIN END $y$;", .unterminated(.dollarQuote, line: 3)),
    ])
    func reportsUnterminatedConstructs(script: String, expected: SQLScriptError) {
        #expect(throws: expected) { try SQLScript.statements(in: script) }
    }
}
