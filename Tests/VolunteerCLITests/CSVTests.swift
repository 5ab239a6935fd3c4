import Testing

@testable import VolunteerCLI

@Suite struct CSVTests {
    @Test func everyFieldIsQuotedAsRFC4180Says() {
        #expect(CSV.render([["a", "b,c"], ["say \"hi\"", "7"]]) == "\"a\",\"b,c\"\r\n\"say \"\"hi\"\"\",\"7\"\r\n")
    }

    @Test func aSemicolonCannotSplitACellIntoAFormula() {
        #expect(CSV.field("x;=HYPERLINK(\"http://evil\")") == "\"x;=HYPERLINK(\"\"http://evil\"\")\"")
    }

    @Test(arguments: ["=1+1", "+31 6", "-2", "@SUM(A1)", "  =1+1", " @SUM(A1)"])
    func cellsASpreadsheetWouldRunAreNeutralised(cell: String) {
        #expect(CSV.field(cell) == "\"'" + cell + "\"")
    }

    @Test func controlCharactersAndLineBreaksAreEscapedAsOnTheTerminal() {
        #expect(CSV.field("two\nlines") == "\"two\\u{A}lines\"")
        #expect(CSV.field("\tx") == "\"\\u{9}x\"")
        #expect(CSV.field("\u{1B}]52;c;ZXZpbA==\u{7}") == "\"\\u{1B}]52;c;ZXZpbA==\\u{7}\"")
        #expect(CSV.field("abc\u{202E}def") == "\"abc\\u{202E}def\"")
    }

    @Test func ordinaryCellsAreOnlyQuoted() {
        #expect(CSV.field("editor") == "\"editor\"")
        #expect(CSV.field("Олена Шевченко") == "\"Олена Шевченко\"")
        #expect(CSV.field("") == "\"\"")
    }
}
