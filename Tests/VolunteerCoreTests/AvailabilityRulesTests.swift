import Testing
import VolunteerCore

@Suite struct AvailabilityRulesTests {
    @Test func readsAWholeAvailability() throws {
        let availability = try RuleReading.read(
            #"{"hours_per_week": 6.5, "windows": [{"day": "fri", "start": "22:00", "end": "01:00"}],"#
                + #" "blackouts": [{"from": "2026-12-24", "to": "2027-01-02"}]}"#,
            AvailabilityRules.read
        )
        #expect(availability.hoursPerWeek == 6.5)
        #expect(availability.windows == [WeeklyWindow(day: .fri, start: TimeOfDay("22:00")!, end: TimeOfDay("01:00")!)])
        #expect(availability.blackouts == [Blackout(from: LocalDate("2026-12-24")!, to: LocalDate("2027-01-02")!)])
        #expect(try RuleReading.read("{}", AvailabilityRules.read) == Availability())
    }

    @Test(arguments: [
        (#"{"windows": [{"day": "someday", "start": "10:00", "end": "11:00"}]}"#, "windows[0].day", AvailabilityRules.dayRule),
        (#"{"windows": [{"day": "Tue", "start": "10:00", "end": "11:00"}]}"#, "windows[0].day", AvailabilityRules.dayRule),
        (#"{"windows": [{"day": "tue", "start": "25:00", "end": "11:00"}]}"#, "windows[0].start", AvailabilityRules.timeRule),
        (#"{"windows": [{"day": "tue", "start": "10:00", "end": "9:00"}]}"#, "windows[0].end", AvailabilityRules.timeRule),
        (#"{"windows": [{"day": "tue", "start": "10:00"}]}"#, "windows[0].end", "is required"),
        (#"{"windows": [{"day": "tue", "start": "10:00", "end": "10:00"}]}"#, "windows[0]", "is empty: start and end are the same time"),
        (
            #"{"windows": [{"day": "sun", "start": "23:00", "end": "02:00"}, {"day": "mon", "start": "01:00", "end": "03:00"}]}"#,
            "windows[1]", "overlaps windows[0]"
        ),
        (#"{"blackouts": [{"from": "2026-02-30", "to": "2026-03-01"}]}"#, "blackouts[0].from", AvailabilityRules.dateRule),
        (#"{"blackouts": [{"from": "2026-12-10", "to": "2026-12-01"}]}"#, "blackouts[0].to", "is before from"),
        (#"{"hours_per_week": 169}"#, "hours_per_week", WeeklyHours.rule),
        (#"{"hours_per_week": 0.05}"#, "hours_per_week", WeeklyHours.rule),
        (#"{"hours_per_week": "6"}"#, "hours_per_week", "must be a number, not a string"),
        (#"{"windows": "tue 18:00-21:00"}"#, "windows", "must be an array, not a string"),
        (#"{"days": 3}"#, "days", "is not a known field (known: blackouts, hours_per_week, windows)"),
        ("[]", "body", "must be a JSON object"),
    ])
    func refusesEachBrokenRuleByItsField(json: String, field: String, problem: String) throws {
        #expect(try RuleReading.problems(json, AvailabilityRules.read).first == FieldProblem(field, problem))
    }

    @Test func namesFieldsBelowTheirPath() throws {
        let problems = ProblemList()
        let body = try JSONParser.parse(Array(#"{"availability": {"windows": [{"day": "tue", "start": "x", "end": "11:00"}]}}"#.utf8))
        let reader = try #require(FieldReader(body, path: "", problems: problems))
        #expect(reader.object("availability").flatMap(AvailabilityRules.read) == nil)
        #expect(problems.problems.map(\.field) == ["availability.windows[0].start"])
    }
}
