import Testing
import VolunteerCore

@Suite struct TrimmingTests {
    @Test(arguments: [
        ("no space at either end", "no space at either end"),
        ("  \t spaces, tabs and line breaks \r\n", "spaces, tabs and line breaks"),
        ("\u{00A0}\u{3000}Unicode spaces\u{2003}", "Unicode spaces"),
        ("  Привет, мир  ", "Привет, мир"),
        ("inner  spaces stay", "inner  spaces stay"),
        (" \u{0301}a combining mark after a space", "\u{0301}a combining mark after a space"),
        (" \n\t ", ""),
        ("", ""),
    ])
    func trimsWhiteSpaceAtBothEndsOnly(_ text: String, _ expected: String) {
        let trimmed = text.trimmed
        #expect(trimmed == expected)
        #expect(Array(trimmed.unicodeScalars) == Array(expected.unicodeScalars))
    }
}
