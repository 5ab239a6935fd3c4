import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct AvailabilityMatchingTests {
    struct Person {
        let zone: String
        let windows: [String]
        var blackouts: [Blackout] = []
        var hours: Double?
    }

    /// Accepted volunteers (active: no onboarding template) in their own time
    /// zones with their windows; the applicant ids, in order.
    static func volunteers(_ people: [Person], _ test: TestDatabase, _ database: Database) async throws -> [UUID] {
        // Room for everyone: a full position would pause and take no more.
        _ = try await Fixtures.openPosition(database, openings: max(people.count, 1))
        var ids: [UUID] = []
        for person in people {
            let application = try await Fixtures.application(database)
            _ = try await ApplicationRepository(database: database).move(id: application.id, to: .accepted)
            _ = try await test.values("UPDATE applicants SET time_zone = '\(person.zone)' WHERE id = '\(application.applicantID)'")
            let windows = person.windows.map { text -> WeeklyWindow in
                let parts = text.split(separator: " ")
                let times = parts[1].split(separator: "-")
                return WeeklyWindow(
                    day: Weekday(rawValue: String(parts[0]))!, start: TimeOfDay(String(times[0]))!, end: TimeOfDay(String(times[1]))!)
            }
            try await AvailabilityRepository(database: database).set(
                Availability(hoursPerWeek: person.hours, windows: windows, blackouts: person.blackouts),
                for: PersonReference(applicantID: application.applicantID)
            )
            ids.append(application.applicantID)
        }
        return ids
    }

    static func found(_ database: Database, _ local: String, _ zone: String, minutes: Int) async throws -> [UUID] {
        let repository = AvailabilityRepository(database: database)
        let start = try await repository.instant(local: local, zone: zone)
        return try await repository.find(coveringFrom: start, minutes: minutes, MatchQuery()).map(\.applicantId)
    }

    @Test func findCoversTheWholeIntervalInEachPersonsOwnTimeAndSkipsBlackouts() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let ids = try await Self.volunteers(
                    [
                        Person(zone: "Europe/Prague", windows: ["tue 18:00-21:00"], hours: 3),
                        Person(zone: "Asia/Vladivostok", windows: ["wed 01:00-05:00"], hours: 10),
                        Person(zone: "Europe/Prague", windows: ["tue 19:00-21:00"]),
                        Person(
                            zone: "Europe/Prague", windows: ["tue 18:00-21:00"],
                            blackouts: [Blackout(from: LocalDate("2026-11-30")!, to: LocalDate("2026-12-01")!)]),
                        Person(zone: "America/Vancouver", windows: ["tue 09:00-11:00"]),
                    ], test, database)
                // Tuesday 18:00 in Prague is Wednesday 03:00 in Vladivostok and 09:00 in Vancouver.
                let found = try await Self.found(database, "2026-12-01T18:00", "Europe/Prague", minutes: 120)
                #expect(found == [ids[1], ids[0], ids[4]], "covered, not away, most weekly hours first")
                let matches = try await AvailabilityRepository(database: database).find(
                    coveringFrom: try await AvailabilityRepository(database: database).instant(
                        local: "2026-12-01T18:00", zone: "Europe/Prague"),
                    minutes: 120, MatchQuery()
                )
                #expect(matches.first?.localStart == "Wed 03:00")
                #expect(matches.first?.status == "active")
                var applicants = MatchQuery()
                applicants.statuses = ["applicant"]
                let start = try await AvailabilityRepository(database: database).instant(local: "2026-12-01T18:00", zone: "Europe/Prague")
                #expect(try await AvailabilityRepository(database: database).find(coveringFrom: start, minutes: 120, applicants).isEmpty)
            }
        }
    }

    @Test func windowsAcrossMidnightAndTheWeeksEndCover() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let ids = try await Self.volunteers(
                    [
                        Person(zone: "Europe/Kyiv", windows: ["fri 22:00-01:00"]),
                        Person(zone: "Europe/Kyiv", windows: ["sun 23:00-02:00"]),
                    ], test, database)
                #expect(try await Self.found(database, "2026-12-05T00:00", "Europe/Kyiv", minutes: 60) == [ids[0]], "Saturday 00:00-01:00")
                #expect(try await Self.found(database, "2026-12-07T00:30", "Europe/Kyiv", minutes: 60) == [ids[1]], "Monday 00:30-01:30")
                #expect(try await Self.found(database, "2026-12-06T23:30", "Europe/Kyiv", minutes: 120) == [ids[1]], "Sunday into Monday")
                #expect(try await Self.found(database, "2026-12-07T01:30", "Europe/Kyiv", minutes: 60).isEmpty, "past the window's end")
            }
        }
    }

    @Test func theWeekWhenOnlyAmericaHasChangedItsClocks() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let ids = try await Self.volunteers([Person(zone: "America/New_York", windows: ["tue 13:00-15:00"])], test, database)
                // 10 March 2026: New York is on summer time (since 8 March), Prague not yet (29 March):
                // 18:00 in Prague is 13:00 in New York, not 12:00 as in winter.
                #expect(try await Self.found(database, "2026-03-10T18:00", "Europe/Prague", minutes: 120) == ids)
                #expect(try await Self.found(database, "2026-03-03T18:00", "Europe/Prague", minutes: 120).isEmpty)
                #expect(try await Self.found(database, "2026-03-31T19:00", "Europe/Prague", minutes: 120) == ids, "both on summer time")
            }
        }
    }

    @Test func capacityCountsRealHoursLessBlackoutsCappedByWeeklyHours() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Self.volunteers(
                    [
                        // Sunday 29 March 2026 Prague skips 02:00-03:00: a 3-hour window holds 2.
                        Person(zone: "Europe/Prague", windows: ["sun 01:00-04:00", "mon 10:00-12:00"]),
                        Person(zone: "Europe/Prague", windows: ["tue 10:00-18:00", "wed 10:00-18:00"], hours: 10),
                        Person(
                            zone: "Europe/Prague", windows: ["thu 10:00-12:00"],
                            blackouts: [Blackout(from: LocalDate("2026-03-26")!, to: LocalDate("2026-03-26")!)]),
                    ], test, database)
                let repository = AvailabilityRepository(database: database)
                let total = try await repository.capacity(weekStarting: LocalDate("2026-03-23")!, by: nil, MatchQuery())
                #expect(total.map(\.hours) == [14], "2 + 2 (DST) + 10 (capped from 16) + 0 (away)")
                #expect(total.first?.people == 2, "people with some hours that week; the third is away")
                let bySkill = try await repository.capacity(weekStarting: LocalDate("2026-03-23")!, by: .skill, MatchQuery())
                #expect(bySkill.map(\.group) == ["editing"])
                let byTeam = try await repository.capacity(weekStarting: LocalDate("2026-03-23")!, by: .team, MatchQuery())
                #expect(byTeam.map(\.group) == ["Editorial"])
                let winter = try await repository.capacity(weekStarting: LocalDate("2026-03-16")!, by: .language, MatchQuery())
                #expect(winter.map(\.hours) == [17], "3 + 2 + 10 + 2")
            }
        }
    }

    @Test func capacityAddsTheHalvesUpBeforeRounding() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let ids = try await Self.volunteers(
                    [
                        Person(zone: "Europe/Prague", windows: ["tue 10:00-10:45"]),
                        Person(zone: "Europe/Prague", windows: ["wed 10:00-10:45"]),
                    ], test, database)
                // One person on each side of the split, whatever ids they were given.
                let split = try #require(ids.max { $0.uuidString < $1.uuidString })
                for repository in [
                    AvailabilityRepository(database: database, capacitySplit: split), AvailabilityRepository(database: database),
                ] {
                    let (total, bySkill) = try await repository.capacityWithTotal(
                        weekStarting: LocalDate("2026-11-30")!, by: .skill, MatchQuery())
                    #expect(total.people == 2)
                    #expect(total.hours == 1.5, "90 minutes, not 0.8 hours twice")
                    #expect(bySkill.map(\.people) == [2])
                    #expect(bySkill.map(\.hours) == [1.5])
                }
            }
        }
    }

    @Test func withinAWeekAnyLongEnoughOverlapOnADayNotAwayCounts() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let ids = try await Self.volunteers(
                    [
                        Person(zone: "Europe/Prague", windows: ["wed 10:00-11:00"]),
                        Person(zone: "Europe/Prague", windows: ["thu 10:00-13:00"]),
                        Person(
                            zone: "Europe/Prague", windows: ["fri 10:00-14:00"],
                            blackouts: [Blackout(from: LocalDate("2026-12-04")!, to: LocalDate("2026-12-04")!)]),
                        // Sunday 23:00 in Vancouver is Monday 08:00 in Prague: inside the week there.
                        Person(zone: "America/Vancouver", windows: ["sun 22:00-02:00"]),
                    ], test, database)
                let repository = AvailabilityRepository(database: database)
                let monday = try await repository.instant(local: "2026-11-30T00:00", zone: "Europe/Prague")
                let nextMonday = try await repository.instant(local: "2026-12-07T00:00", zone: "Europe/Prague")
                let found = try await repository.find(overlapping: monday, until: nextMonday, minutes: 120, MatchQuery())
                #expect(Set(found.map(\.applicantId)) == [ids[1], ids[3]], "an hour is too short; the Friday one is away")
                let vancouver = try #require(found.first { $0.applicantId == ids[3] })
                #expect(vancouver.localStart == "Sun 22:00", "the week starts during their Sunday evening (Saturday's is before it)")
            }
        }
    }

    @Test func withinAWeekRanksByWeeklyHoursAndLooksPastAShortlistThatRunsDry() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let awayAllWeek = [Blackout(from: LocalDate("2026-11-28")!, to: LocalDate("2026-12-08")!)]
                let ids = try await Self.volunteers(
                    [
                        Person(zone: "Europe/Prague", windows: ["mon 10:00-14:00", "tue 10:00-20:00"], blackouts: awayAllWeek, hours: 9),
                        Person(zone: "Europe/Prague", windows: ["mon 10:00-18:00"], blackouts: awayAllWeek, hours: 8),
                        Person(zone: "Europe/Prague", windows: ["mon 10:00-13:00", "wed 10:00-11:00"]),
                        Person(zone: "Asia/Tbilisi", windows: ["thu 09:00-15:00"], hours: 5),
                        Person(zone: "Europe/Prague", windows: ["fri 10:00-13:00"]),
                    ], test, database)
                let repository = AvailabilityRepository(database: database)
                let monday = try await repository.instant(local: "2026-11-30T00:00", zone: "Europe/Prague")
                let nextMonday = try await repository.instant(local: "2026-12-07T00:00", zone: "Europe/Prague")
                // The two best-ranked are away: a shortlist of two finds nobody and has to widen.
                let narrow = try await repository.find(
                    overlapping: monday, until: nextMonday, minutes: 180, MatchQuery(), limit: 2, shortlist: 2)
                #expect(narrow.map(\.applicantId) == [ids[3], ids[2]], "5 capped hours, then 4 uncapped, then 3")
                #expect(narrow.map(\.weeklyHours) == [5, 4])
                let everyone = try await repository.find(overlapping: monday, until: nextMonday, minutes: 180, MatchQuery())
                #expect(everyone.map(\.applicantId) == [ids[3], ids[2], ids[4]])
                let secondPage = try await repository.find(
                    overlapping: monday, until: nextMonday, minutes: 180, MatchQuery(), limit: 2, offset: 2, shortlist: 2)
                #expect(secondPage.map(\.applicantId) == [ids[4]], "page 2 starts where page 1 stopped, past a dry shortlist")
            }
        }
    }
}
