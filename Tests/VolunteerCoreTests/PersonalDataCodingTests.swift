import Foundation
import Testing

@testable import VolunteerCore

@Suite struct PersonalDataCodingTests {
    static let awkward = [
        "", "Олена Коваль", "quote \" and backslash \\ and slash /", "line\nbreak\ttab\r\u{0}nul\u{1F}unit",
        "emoji 😀 and e\u{301}", "\u{7F}\u{80}\u{FFFF}", #"{"name": "injected"}"#,
    ]

    @Test(arguments: awkward)
    func whatIsWrittenReadsBackTheSame(text: String) throws {
        let person = PersonalData(name: text, email: "a@b.c", telegram: nil, signal: text, otherContact: text, motivation: text)
        let written = PersonalDataCoding.encode(person)
        #expect(try PersonalDataCoding.decode(written) == person)
        #expect(try JSONDecoder().decode(PersonalData.self, from: written) == person)
    }

    @Test func namesAreSortedAndAbsentFieldsLeftOut() throws {
        let written = PersonalDataCoding.encode(PersonalData(name: "N", telegram: "@tg", otherContact: "o"))
        #expect(String(decoding: written, as: UTF8.self) == #"{"name":"N","otherContact":"o","telegram":"@tg"}"#)
    }
}
