import Testing
@testable import VolunteerCLI

@Suite struct CSVTests {
    @Test func fieldsAreQuotedAsRFC4180Says() {
        #expect(CSV.render([["a", "b,c"], ["say \"hi\"", "two\nlines"]]) == "a,\"b,c\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n")
    }

    @Test(arguments: ["=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "\rx"])
    func cellsASpreadsheetWouldRunAreNeutralised(cell: String) {
        #expect(CSV.field(cell).hasPrefix("'") || CSV.field(cell).hasPrefix("\"'"))
    }

    @Test func ordinaryCellsAreLeftAlone() {
        #expect(CSV.field("editor") == "editor")
        #expect(CSV.field("") == "")
    }
}
