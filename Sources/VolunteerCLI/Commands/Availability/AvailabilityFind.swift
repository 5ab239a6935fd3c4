import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct AvailabilityFind: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Who can take a task at a given time (or some time in a week), and is not away.",
        discussion: """
            The time is read in --tz and compared with each person's windows in their
            own time zone, so DST changes on either side are taken into account. Most
            weekly hours first. By default active and onboarding volunteers; add
            `--status applicant` for people whose application is still open.
            With --within instead of --at, anyone with a window overlapping that week
            for at least --for.
            Examples:
              vtrack availability find --at 2026-12-01T18:00 --for 2h --tz Europe/Prague
              vtrack availability find --within next-week --for 3h --tz Europe/Prague --skill translation
              vtrack availability find --at 2026-12-05T09:30 --for 90m --tz America/Vancouver --skill editing --json
              vtrack availability find --within next-week --for 1h --limit 50 --page 2
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "When it starts, as YYYY-MM-DDTHH:MM in --tz.") var at: String?
    @Option(help: "Instead of --at: anyone with --for of overlap some time in next-week, this-week or an ISO week (2026-W49), in --tz.")
    var within: String?
    @Option(help: "How long (2h, 90m).") var `for`: TypedDuration
    @Option(help: "The IANA time zone of --at (default: $VTRACK_TIMEZONE, then UTC).") var tz: String?
    @Option(help: "Only people with this skill.") var skill: String?
    @Option(help: "Only people who speak this language.") var language: String?
    @Option(help: "Only these statuses (repeatable): active, onboarding, paused, alumni, applicant.") var status: [String] = []
    @Option(help: "At most this many people (1 to 10000).") var limit = 100
    @Option(help: "Which page of --limit people, from 1.") var page = 1

    var zone: String { tz ?? OrganisationTimeZone.name }

    func validate() throws {
        guard (at == nil) != (within == nil) else { throw ValidationError("give --at or --within, one of them") }
        if let at {
            guard at.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}/) != nil,
                LocalDate(String(at.prefix(10))) != nil, TimeOfDay(String(at.suffix(5))) != nil
            else { throw ValidationError("--at must be a time such as 2026-12-01T18:00") }
        }
        if let within, week(within) == nil {
            throw ValidationError("--within takes next-week, this-week or an ISO week such as 2026-W49")
        }
        guard TimeZoneRules.isKnown(zone) else { throw ValidationError("--tz: \(zone) is not an IANA time zone such as Europe/Prague") }
        guard (1...10_080).contains(Int(self.for.seconds / 60)) else { throw ValidationError("--for must be from 1m to 7d") }
        try PageOptions.validate(limit: limit, page: page)
        let known = Set(VolunteerStatus.allCases.map(\.rawValue) + ["applicant"])
        if let unknown = status.first(where: { !known.contains($0) }) {
            throw ValidationError("--status \(unknown): use active, onboarding, paused, alumni or applicant")
        }
    }

    /// The ISO week `--within` names; this week and next by today's date in `--tz`.
    func week(_ text: String) -> ISOWeek? {
        let thisWeek = { ISOWeek.containing(Date(), in: TimeZone(identifier: zone) ?? .gmt) }
        switch text {
        case "next-week": return thisWeek().adding(weeks: 1)
        case "this-week": return thisWeek()
        default: return ISOWeek(text)
        }
    }

    func run() async throws {
        try await CLIFailure.run {
            var query = MatchQuery()
            query.skill = skill
            query.language = language
            if !status.isEmpty { query.statuses = status }
            let (at, zone, minutes, limit, filter) = (self.at, self.zone, Int(self.for.seconds / 60), self.limit, query)
            let offset = (page - 1) * limit
            let week = within.flatMap(week)
            let matches = try await database.withDatabase { database in
                let repository = AvailabilityRepository(database: database)
                if let week {
                    let start = try await repository.instant(local: "\(week.monday)T00:00", zone: zone)
                    let end = try await repository.instant(local: "\(week.monday.adding(days: 7))T00:00", zone: zone)
                    return try await repository.find(overlapping: start, until: end, minutes: minutes, filter, limit: limit, offset: offset)
                }
                let start = try await repository.instant(local: at!, zone: zone)
                return try await repository.find(coveringFrom: start, minutes: minutes, filter, limit: limit, offset: offset)
            }
            switch output.resolved {
            case .json: Terminal.standardOutput.writeLine(try JSONOutput.render(matches))
            case .csv:
                Terminal.standardOutput.write(
                    CSV.render(
                        [["id", "status", "time_zone", "local_start", "weekly_hours", "skills", "languages"]]
                            + matches.map {
                                [
                                    $0.shortId, $0.status, $0.timeZone, $0.localStart, String($0.weeklyHours),
                                    $0.skills.joined(separator: " "), $0.languages.joined(separator: " "),
                                ]
                            }
                    ))
            case .table:
                guard !matches.isEmpty else { return Terminal.standardOutput.writeLine("Nobody is free then.") }
                var table = TextTable("ID", "STATUS", "THEIR TIME", "TIME ZONE", "HOURS/WEEK", "SKILLS", "LANGS")
                for match in matches {
                    table.append(
                        match.shortId, match.status, match.localStart, match.timeZone, String(format: "%g", match.weeklyHours),
                        TextTable.fit(match.skills.joined(separator: ","), 18), match.languages.joined(separator: ",")
                    )
                }
                Terminal.standardOutput.writeLine(table.render())
                PageOptions.hintIfFull(matches.count, limit: limit, page: page)
            }
        }
    }
}

struct AvailabilityCapacity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "Available hours in a week, per skill, language or team.",
        discussion: """
            Each person's windows on that week's days in their own calendar, real hours
            across a DST change, less blackout days, capped by their weekly hours.
            Someone with two skills counts in both rows. By default active and
            onboarding volunteers, next week.
            Examples:
              vtrack availability capacity --week 2026-W49 --by skill
              vtrack availability capacity --by team --format csv
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "An ISO week, as 2026-W49 (default: next week).") var week: String?
    @Option(help: "skill, language or team (default: one total).") var by: CapacityGroupingArgument?
    @Option(help: "Only these statuses (repeatable): active, onboarding, paused, alumni, applicant.") var status: [String] = []

    func validate() throws {
        if let week, ISOWeek(week) == nil { throw ValidationError("--week must be an ISO week such as 2026-W49") }
    }

    /// Next week by today's date where the organisation is (`VTRACK_TIMEZONE`).
    var nextWeek: ISOWeek {
        ISOWeek.containing(Date(), in: TimeZone(identifier: OrganisationTimeZone.name) ?? .gmt).adding(weeks: 1)
    }

    func run() async throws {
        try await CLIFailure.run {
            let isoWeek = week.flatMap(ISOWeek.init) ?? nextWeek
            var query = MatchQuery()
            if !status.isEmpty { query.statuses = status }
            let (grouping, filter) = (by?.grouping, query)
            let rows = try await database.withDatabase {
                try await AvailabilityRepository(database: $0).capacity(weekStarting: isoWeek.monday, by: grouping, filter)
            }
            switch output.resolved {
            case .json: Terminal.standardOutput.writeLine(try JSONOutput.render(CapacityReport(week: isoWeek.description, rows: rows)))
            case .csv:
                Terminal.standardOutput.write(
                    CSV.render([["group", "people", "hours"]] + rows.map { [$0.group, String($0.people), String($0.hours)] }))
            case .table:
                Terminal.standardOutput.writeLine(Style.dim("week \(isoWeek) (from \(isoWeek.monday))"))
                guard !rows.isEmpty else { return Terminal.standardOutput.writeLine("No available hours.") }
                var table = TextTable((by?.grouping.rawValue ?? "group").uppercased(), "PEOPLE", "HOURS")
                for row in rows { table.append(row.group, String(row.people), String(format: "%g", row.hours)) }
                Terminal.standardOutput.writeLine(table.render())
            }
        }
    }
}

struct CapacityReport: Encodable {
    let week: String
    let rows: [CapacityRow]
}

struct CapacityGroupingArgument: ExpressibleByArgument {
    let grouping: CapacityGrouping

    init?(argument: String) {
        guard let grouping = CapacityGrouping(rawValue: argument) else { return nil }
        self.grouping = grouping
    }
}
