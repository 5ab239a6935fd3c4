import Testing
import VolunteerCore

/// Times of day and dates read by bytes agree with the patterns they are
/// documented as, over every string of their length that could come close.
@Suite struct CalendarTextTests {
    @Test func timesOfDayAreHHMMFrom0000To2359() {
        let oracle = try! Regex(#"([01][0-9]|2[0-3]):([0-5][0-9])"#)
        let characters: [Character] = Array("0123456789:a ") + ["٣"]
        var checked = 0
        for a in characters { for b in characters { for c in ["::", ":", "0", "٣"] { for d in "0159:" { for e in "09a" {
            let text = "\(a)\(b)\(c)\(d)\(e)"
            #expect((TimeOfDay(text) != nil) == ((try? oracle.wholeMatch(in: text)) != nil), "\(text)")
            checked += 1
        } } } } }
        #expect(TimeOfDay("18:30")?.minutes == 18 * 60 + 30)
        #expect(TimeOfDay("23:59")?.minutes == 1439)
        #expect(TimeOfDay("24:00") == nil && TimeOfDay("7:30") == nil && TimeOfDay("07:3") == nil)
        #expect(checked > 1_000)
    }

    @Test func datesAreYYYYMMDDThatExist() {
        let date = LocalDate("2026-12-24")
        #expect(date?.year == 2026 && date?.month == 12 && date?.day == 24)
        #expect(LocalDate("2028-02-29") != nil)
        for refused in ["2027-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "2026/01/01", "02026-01-01",
                        "2026-01-0a", "2026-01-01 ", "٢٠٢٦-01-01", "2026-01-00", ""] {
            #expect(LocalDate(refused) == nil, "\(refused)")
        }
    }
}
