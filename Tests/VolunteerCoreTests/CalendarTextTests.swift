import Foundation
import Testing
import VolunteerCore

/// Times of day and dates read by bytes agree with the patterns they are
/// documented as, over every string of their length that could come close.
@Suite struct CalendarTextTests {
    @Test func timesOfDayAreHHMMFrom0000To2359() {
        let oracle = try! Regex(#"([01][0-9]|2[0-3]):([0-5][0-9])"#)
        let characters: [Character] = Array("0123456789:a ") + ["٣"]
        var checked = 0
        for a in characters {
            for b in characters {
                for c in ["::", ":", "0", "٣"] {
                    for d in "0159:" {
                        for e in "09a" {
                            let text = "\(a)\(b)\(c)\(d)\(e)"
                            #expect((TimeOfDay(text) != nil) == ((try? oracle.wholeMatch(in: text)) != nil), "\(text)")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(TimeOfDay("18:30")?.minutes == 18 * 60 + 30)
        #expect(TimeOfDay("23:59")?.minutes == 1439)
        #expect(TimeOfDay("24:00") == nil && TimeOfDay("7:30") == nil && TimeOfDay("07:3") == nil)
        #expect(checked > 1_000)
    }

    @Test func datesAreYYYYMMDDThatExist() {
        let date = LocalDate("2026-12-24")
        #expect(date?.year == 2026 && date?.month == 12 && date?.day == 24)
        #expect(LocalDate("2028-02-29") != nil)
        for refused in [
            "2027-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "2026/01/01", "02026-01-01",
            "2026-01-0a", "2026-01-01 ", "٢٠٢٦-01-01", "2026-01-00", "",
        ] {
            #expect(LocalDate(refused) == nil, "\(refused)")
        }
    }

    /// Sunday 23:30 UTC is already Monday in Prague: the week is the zone's, not UTC's.
    @Test func theWeekAnInstantFallsInIsTheZonesOwn() throws {
        let instant = try #require(ISO8601DateFormatter().date(from: "2026-12-06T23:30:00Z"))
        #expect(ISOWeek.containing(instant, in: TimeZone(identifier: "UTC")!).description == "2026-W49")
        #expect(ISOWeek.containing(instant, in: TimeZone(identifier: "Europe/Prague")!).description == "2026-W50")
        #expect(ISOWeek.containing(instant, in: TimeZone(identifier: "America/New_York")!).description == "2026-W49")
        // Sunday 3 January at noon UTC is Monday 4 January in Auckland: the first ISO week of 2027.
        let late = try #require(ISO8601DateFormatter().date(from: "2027-01-03T12:00:00Z"))
        #expect(ISOWeek.containing(late, in: TimeZone(identifier: "Pacific/Auckland")!).description == "2027-W01")
        #expect(ISOWeek.containing(late, in: TimeZone(identifier: "UTC")!).description == "2026-W53")
    }
}
