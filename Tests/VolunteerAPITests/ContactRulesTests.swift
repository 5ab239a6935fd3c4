import Testing
import VolunteerCore
import VolunteerTestSupport

/// The byte-level rules give the answers of the regular expressions they are
/// documented as, on chosen and on random text.
@Suite struct ContactRulesTests {
    static let alphabet: [Character] = Array("aZz09_-.@+ \t") + ["é", "e\u{301}", "@\u{301}", "\u{00A0}", "\r\n", "٣", "Ａ"]

    /// Random strings over an alphabet that meets every rule's edges, from the run's seed.
    static func samples(count: Int = 20_000, maximumLength: Int = 40) -> [String] {
        var generator = TestRandom.generator()
        return (0..<count).map { _ in
            let length = Int.random(in: 0...maximumLength, using: &generator)
            let extra = Array("abcXY123").shuffled(using: &generator)
            return String((0..<length).map { _ in (alphabet + extra).randomElement(using: &generator)! })
        }
    }

    static func expectSameAnswers(
        _ rule: (String) -> Bool, _ oracle: Regex<AnyRegexOutput>, chosen: [String], maximumLength: Int = 40,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for text in chosen + samples(maximumLength: maximumLength) {
            let expected = (try? oracle.wholeMatch(in: text)) != nil
            #expect(rule(text) == expected, "\(text.debugDescription) (\(TestRandom.replay))", sourceLocation: sourceLocation)
        }
    }

    @Test func email() {
        Self.expectSameAnswers(
            { ContactRules.isEmail($0) }, try! Regex(#"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+"#),
            chosen: [
                "a@b.c", "a.b@c.d.e", "@b.c", "a@b", "a@.b", "a@b.", "a@b..c", "a@@b.c", "a b@c.d", "é@ü.de",
                String(repeating: "x", count: 64) + "@b.c", String(repeating: "x", count: 65) + "@b.c", "a@b.c\n",
            ]
        )
    }

    @Test func telegram() {
        let oracle = try! Regex(#"@?[A-Za-z][A-Za-z0-9_]{4,31}"#)
        Self.expectSameAnswers(
            { ContactRules.telegram($0) != nil }, oracle,
            chosen: [
                "@abcde", "abcde", "abcd", "@1abcd", "@@abcde", "a" + String(repeating: "b", count: 31),
                "a" + String(repeating: "b", count: 32),
            ]
        )
        #expect(ContactRules.telegram("abcde") == "@abcde")
        #expect(ContactRules.telegram("@abcde") == "@abcde")
    }

    @Test func signal() {
        Self.expectSameAnswers(
            { ContactRules.isSignal($0) }, try! Regex(#"\+[0-9][0-9 ]{6,19}|[A-Za-z][A-Za-z0-9_]{2,31}\.[0-9]{2,9}"#),
            chosen: [
                "+4912345678", "+ 4912345", "+491234", "+49 123 456 78", "name.42", "na.42", "name.4", "name.1234567890", "1ame.42",
                "name..42", "name.42.1",
            ]
        )
    }

    @Test func languageTag() {
        Self.expectSameAnswers(
            { ContactRules.isLanguageTag($0) }, try! Regex(#"[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?"#),
            chosen: [
                "uk", "en-GB", "sr-Latn", "es-419", "sr-Latn-RS", "zh-Hant-TW", "e", "engl", "en-gb", "en-", "en-GB-Latn", "en-Latn-", "EN",
                "en-41", "en-4190",
            ],
            maximumLength: 12
        )
    }

    @Test func slug() {
        Self.expectSameAnswers(
            { ContactRules.isSlug($0) }, try! Regex(#"[a-z0-9]+(-[a-z0-9]+)*"#),
            chosen: ["editor", "social-media", "a-b-c", "-a", "a-", "a--b", "A", String(repeating: "a", count: 80)]
        )
        #expect(!ContactRules.isSlug(String(repeating: "a", count: 81)))
    }

    @Test func version() {
        Self.expectSameAnswers(
            { ContactRules.isVersion($0) }, try! Regex(#"[A-Za-z0-9._-]+"#), chosen: ["2026-01", "v1.2_3", "", "2026/01"]
        )
    }
}
