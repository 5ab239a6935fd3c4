import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack availability …`: when people can help.
struct AvailabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "availability",
        abstract: "A person's weekly windows, weekly hours and blackout periods, in their own time zone.",
        discussion: """
            A person is named by their volunteer id or the id of one of their
            applications (any unique start of it).
            --me instead names you, the coordinator (for interviews), in --tz.
            Examples:
              vtrack availability show 5b2c
              vtrack availability set 5b2c --hours 6 --window "tue 18:00-21:00" --window "sat 10:00-13:00"
              vtrack availability set --me --tz Europe/Prague --window "tue 17:00-20:00"
            """,
        subcommands: [AvailabilityShow.self, AvailabilitySet.self, AvailabilityFind.self, AvailabilityCapacity.self]
    )
}

struct AvailabilityShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a person's availability.",
        discussion: "Example:\n  vtrack availability show 5b2c --json"
    )
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Yours (a coordinator's), instead of a person's.") var me = false
    @Argument(help: "A volunteer's or an application's id, or a unique start of it.") var person: String?

    func validate() throws {
        guard me != (person != nil) else { throw ValidationError("give a person's id or --me, one of them") }
    }

    func run() async throws {
        try await CLIFailure.run {
            let (person, json) = (self.person, self.json)
            let found: (timeZone: String, availability: Availability, json: String?) = try await database.withDatabase { database in
                guard let person else {
                    let mine = try await InterviewRepository(database: database).coordinator(nil)
                    let record = CoordinatorAvailability(coordinator: mine.name, timeZone: mine.timeZone, availability: mine.availability)
                    return (mine.timeZone ?? "-", mine.availability, json ? try JSONOutput.render(record) : nil)
                }
                let repository = AvailabilityRepository(database: database)
                let found = try await repository.availability(of: try await repository.person(try ShortID(person)))
                return (found.timeZone, found.availability, json ? try JSONOutput.render(found) : nil)
            }
            if let rendered = found.json { return Terminal.standardOutput.writeLine(rendered) }
            let availability = found.availability
            var lines = [
                "time zone       \(found.timeZone)",
                "hours per week  \(availability.hoursPerWeek.map { String(format: "%g", $0) } ?? "-")",
            ]
            lines.append(
                "windows         "
                    + (availability.windows.isEmpty ? "none" : availability.windows.map(AvailabilityText.window).joined(separator: ", ")))
            lines.append(
                "blackouts       "
                    + (availability.blackouts.isEmpty
                        ? "none" : availability.blackouts.map { "\($0.from)..\($0.to)" }.joined(separator: ", ")))
            Terminal.standardOutput.writeLine(lines.joined(separator: "\n"))
        }
    }
}

struct AvailabilitySet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Replace a person's availability (one event, with counts only).",
        discussion: """
            Times are in the person's own time zone. A window may cross midnight
            (`fri 22:00-01:00` ends on Saturday). Windows may not overlap; blackouts
            are whole days, both ends included. --file reads the same fields as the
            applicant API: hours_per_week, windows (day, start, end), blackouts (from, to).
            Examples:
              vtrack availability set 5b2c --hours 6 --window "tue 18:00-21:00" --blackout 2026-12-24..2027-01-02
              vtrack availability set 5b2c --file availability.yaml
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: "At most this many hours a week.") var hours: Double?
    @Option(help: "A weekly window, as `tue 18:00-21:00` (repeatable).") var window: [String] = []
    @Option(help: "Days away, as `2026-12-24..2027-01-02` (repeatable).") var blackout: [String] = []
    @Option(help: "A YAML or JSON file instead of the flags.") var file: String?
    @Flag(help: "Yours (a coordinator's, for interviews), instead of a person's.") var me = false
    @Option(help: "With --me: your IANA time zone (default: the one you set before).") var tz: String?
    @Argument(help: "A volunteer's or an application's id, or a unique start of it.") var person: String?

    func validate() throws {
        guard me != (person != nil) else { throw ValidationError("give a person's id or --me, one of them") }
        if tz != nil, !me { throw ValidationError("--tz goes with --me; a person's time zone is their own") }
        if me, hours != nil { throw ValidationError("--hours is for volunteers and applicants, not --me") }
        if let tz, !TimeZoneRules.isKnown(tz) { throw ValidationError("--tz: \(tz) is not an IANA time zone such as Europe/Prague") }
        if file != nil, hours != nil || !window.isEmpty || !blackout.isEmpty {
            throw ValidationError("give --file or the flags, not both")
        }
        if file == nil, hours == nil, window.isEmpty, blackout.isEmpty {
            throw ValidationError("nothing to set: give --hours, --window, --blackout or --file")
        }
    }

    func run() async throws {
        try await CLIFailure.run {
            let availability =
                try file.map(AvailabilityInput.file)
                ?? AvailabilityInput.flags(hours: hours, windows: window, blackouts: blackout)
            let (person, tz) = (self.person, self.tz)
            try await database.withDatabase { database in
                guard let person else {
                    let repository = InterviewRepository(database: database)
                    var zone = tz
                    if zone == nil { zone = try await repository.coordinator(nil).timeZone }
                    guard let zone else {
                        throw DomainError.invalid(field: "--tz", reason: "give your time zone the first time, such as --tz Europe/Prague")
                    }
                    return try await repository.setMine(availability, zone: zone)
                }
                let repository = AvailabilityRepository(database: database)
                try await repository.set(availability, for: try await repository.person(try ShortID(person)))
            }
            Terminal.standardOutput.writeLine(
                "availability set: \(availability.windows.count) window(s), \(availability.blackouts.count) blackout(s)"
            )
        }
    }
}

/// `availability show --me --json`: a coordinator's own.
struct CoordinatorAvailability: Encodable {
    let coordinator: String
    let timeZone: String?
    let availability: Availability
}

enum AvailabilityText {
    static func window(_ window: WeeklyWindow) -> String {
        "\(window.day.rawValue) \(window.start)-\(window.end)"
    }
}
