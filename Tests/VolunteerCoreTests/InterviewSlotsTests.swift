import Foundation
import Testing
import VolunteerCore

@Suite struct InterviewSlotsTests {
    let newYork = TimeZone(identifier: "America/New_York")!
    let prague = TimeZone(identifier: "Europe/Prague")!

    func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }
    func window(_ day: Weekday, _ start: String, _ end: String) -> WeeklyWindow {
        WeeklyWindow(day: day, start: TimeOfDay(start)!, end: TimeOfDay(end)!)
    }
    func starts(_ slots: [DateInterval]) -> [String] { slots.map { $0.start.formatted(.iso8601) } }
    func hours(_ free: [DateInterval]) -> Double { free.reduce(0) { $0 + $1.duration } / 3600 }

    @Test func readsWallClocksInGapsAndRepeatedHours() {
        let spring = LocalDate("2026-03-08")!
        #expect(WallClock.read(spring, minute: 150, in: newYork) == .skipped(transition: instant("2026-03-08T07:00:00Z")))
        #expect(WallClock.read(spring, minute: 60, in: newYork) == .exact(instant("2026-03-08T06:00:00Z")))
        #expect(
            WallClock.read(LocalDate("2026-11-01")!, minute: 90, in: newYork)
                == .repeated(earlier: instant("2026-11-01T05:30:00Z"), later: instant("2026-11-01T06:30:00Z")))
        #expect(
            WallClock.read(LocalDate("2026-03-29")!, minute: 150, in: prague) == .skipped(transition: instant("2026-03-29T01:00:00Z")))
        #expect(
            WallClock.read(LocalDate("2026-10-25")!, minute: 150, in: prague)
                == .repeated(earlier: instant("2026-10-25T00:30:00Z"), later: instant("2026-10-25T01:30:00Z")))
        #expect(LocalDate("2026-12-08")!.weekday == .tue)
        #expect(LocalDate("1970-01-01")!.daysSinceEpoch == 0)
    }

    /// A 01:00–04:00 window is two hours on the night clocks go forward,
    /// four on the night they go back, three otherwise.
    @Test(arguments: [
        ("America/New_York", "2026-03-08", 2.0), ("America/New_York", "2026-03-01", 3.0),
        ("America/New_York", "2026-11-01", 4.0), ("Europe/Prague", "2026-03-29", 2.0),
        ("Europe/Prague", "2026-10-25", 4.0), ("Europe/Prague", "2026-03-08", 3.0),
    ])
    func aWindowAcrossAClockChange(zone: String, sunday: String, expected: Double) {
        let zone = TimeZone(identifier: zone)!
        let day = LocalDate(sunday)!
        let person = PersonSchedule(zone: zone, windows: [window(.sun, "01:00", "04:00")])
        let from = WallClock.read(day, minute: 0, in: zone).earliest
        let free = person.free(from: from, to: from.addingTimeInterval(86_400))
        #expect(hours(free) == expected)
    }

    /// From 2026-03-08 to 2026-03-29 New York is five hours behind Prague, not six.
    @Test func theWeeksTheUSAndEUClocksDiffer() {
        let coordinator = PersonSchedule(zone: prague, windows: [window(.mon, "18:00", "20:00")])
        let applicant = PersonSchedule(zone: newYork, windows: [window(.mon, "12:00", "14:00")])
        func week(_ monday: String) -> [String] {
            let from = WallClock.read(LocalDate(monday)!, minute: 0, in: prague).earliest
            return starts(
                InterviewSlots.propose(coordinator, applicant, from: from, to: from.addingTimeInterval(7 * 86_400), minutes: 45))
        }
        #expect(
            week("2026-03-02") == [
                "2026-03-02T17:00:00Z", "2026-03-02T17:15:00Z", "2026-03-02T17:30:00Z", "2026-03-02T17:45:00Z",
                "2026-03-02T18:00:00Z", "2026-03-02T18:15:00Z",
            ])
        #expect(week("2026-03-09") == ["2026-03-09T17:00:00Z", "2026-03-09T17:15:00Z"])
        // Both on summer time: six hours apart again, an hour earlier in UTC.
        #expect(week("2026-03-30").first == "2026-03-30T16:00:00Z")
        #expect(week("2026-03-30").count == 6)
    }

    /// The week of 2026-10-26 to 2026-11-01: Prague is back on CET, New York
    /// still on EDT until Sunday.
    @Test func theAutumnWeekBetweenTheChanges() {
        let coordinator = PersonSchedule(zone: prague, windows: [window(.tue, "17:00", "18:00")])
        let applicant = PersonSchedule(zone: newYork, windows: [window(.tue, "11:00", "12:00")])
        let from = instant("2026-10-26T00:00:00Z")
        let slots = InterviewSlots.propose(coordinator, applicant, from: from, to: from.addingTimeInterval(7 * 86_400), minutes: 30)
        // Prague 17:00 CET = 16:00Z; New York 11:00 EDT = 15:00Z: they share 16:00–16:00 only, so nothing.
        #expect(slots.isEmpty)
        let later = PersonSchedule(zone: newYork, windows: [window(.tue, "11:30", "12:30")])
        #expect(
            starts(InterviewSlots.propose(coordinator, later, from: from, to: from.addingTimeInterval(7 * 86_400), minutes: 30))
                == ["2026-10-27T16:00:00Z"])
    }

    @Test func blackoutsBusyTimesAndMidnight() {
        let from = instant("2026-12-07T00:00:00Z")
        let to = from.addingTimeInterval(7 * 86_400)
        let utc = TimeZone(identifier: "UTC")!
        let coordinator = PersonSchedule(
            zone: utc, windows: [window(.mon, "22:00", "02:00"), window(.wed, "10:00", "12:00")],
            blackouts: [Blackout(from: LocalDate("2026-12-09")!, to: LocalDate("2026-12-09")!)],
            busy: [DateInterval(start: instant("2026-12-07T23:00:00Z"), duration: 3600)])
        let applicant = PersonSchedule(
            zone: utc, windows: [window(.mon, "00:00", "23:59"), window(.tue, "00:00", "23:59"), window(.wed, "00:00", "23:59")])
        let slots = InterviewSlots.propose(coordinator, applicant, from: from, to: to, minutes: 60, step: 30)
        #expect(starts(slots) == ["2026-12-07T22:00:00Z", "2026-12-08T00:00:00Z", "2026-12-08T00:30:00Z", "2026-12-08T01:00:00Z"])
    }
}
