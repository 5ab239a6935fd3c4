import Testing
import VolunteerCore

/// Each named rule, on a text it allows and one it refuses. (The predicates
/// behind them are compared with their regular expressions in ContactRulesTests.)
@Suite struct TextRuleTests {
    @Test(arguments: [
        (TextRule.positionSlug, "translator-en", "Translator EN"),
        (TextRule.skill, "social-media", "social_media"),
        (TextRule.source, "website", "web site"),
        (TextRule.languageTag, "sr-Latn", "serbian"),
        (TextRule.timeZone, "Europe/Kyiv", "EST"),
    ])
    func allowsAndRefuses(rule: TextRule, allowed: String, refused: String) {
        #expect(rule.allows(allowed))
        #expect(!rule.allows(refused))
    }

    @Test func aFieldReaderSaysTheRulesWords() throws {
        let problems = try RuleReading.problems(#"{"time_zone": "EST"}"#) { reader in
            reader.string("time_zone", required: true, length: 1...64, rule: .timeZone)
        }
        #expect(problems == [FieldProblem("time_zone", TextRule.timeZone.problem)])
    }
}
