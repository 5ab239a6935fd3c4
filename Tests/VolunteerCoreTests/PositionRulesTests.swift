import Testing
import VolunteerCore

@Suite struct PositionRulesTests {
    @Test func readsEveryField() throws {
        let changes = try RuleReading.read(
            #"{"title": " Translator (English) ", "team": "Translation", "description": "Two articles\na week.","#
                + #" "skills": ["translation"], "languages": ["uk", "en-GB"], "hours_per_week": 5, "location": "Riga", "openings": 2}"#,
            PositionRules.read
        )
        #expect(changes.title == "Translator (English)")
        #expect(changes.team == "Translation")
        #expect(changes.description == "Two articles\na week.")
        #expect(changes.skills == ["translation"] && changes.languages == ["uk", "en-GB"])
        #expect(changes.hoursPerWeek == 5 && changes.location == "Riga" && changes.openings == 2)
        #expect(try RuleReading.read("{}", PositionRules.read).isEmpty, "every field is optional: edit changes some")
    }

    @Test(arguments: [
        (#"{"title": ""}"#, "title", "must be 1 to 200 characters"),
        (#"{"title": "a\u0007b"}"#, "title", "must not contain control characters or line breaks"),
        (#"{"team": "\#(String(repeating: "t", count: 81))"}"#, "team", "must be 1 to 80 characters"),
        (#"{"description": "a\u0000b"}"#, "description", "must not contain control characters other than line breaks and tabs"),
        (#"{"skills": ["Editing"]}"#, "skills[0]", TextRule.skill.problem),
        (#"{"skills": ["editing", "editing"]}"#, "skills[1]", "is listed twice"),
        (#"{"languages": ["ukrainian"]}"#, "languages[0]", TextRule.languageTag.problem),
        (#"{"languages": "uk"}"#, "languages", "must be an array, not a string"),
        (#"{"hours_per_week": 0}"#, "hours_per_week", WeeklyHours.rule),
        (#"{"location": ""}"#, "location", "must be 1 to 120 characters"),
        (#"{"openings": 0}"#, "openings", "must be a whole number from 1 to 1000"),
        (#"{"openings": 2.5}"#, "openings", "must be a whole number from 1 to 1000"),
        (#"{"openings": "many"}"#, "openings", "must be a whole number, not a string"),
        (
            #"{"salary": 100}"#, "salary",
            "is not a known field (known: description, hours_per_week, languages, location, openings, skills, team, title)"
        ),
    ])
    func refusesEachBrokenRuleByItsField(json: String, field: String, problem: String) throws {
        #expect(try RuleReading.problems(json, PositionRules.read) == [FieldProblem(field, problem)])
    }
}
