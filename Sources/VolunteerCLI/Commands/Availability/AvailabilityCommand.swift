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
            Examples:
              vtrack availability show 5b2c
              vtrack availability set 5b2c --hours 6 --window "tue 18:00-21:00" --window "sat 10:00-13:00"
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
    @Argument(help: "A volunteer's or an application's id, or a unique start of it.") var person: String

    func run() async throws {
        try await CLIFailure.run {
            let shortID = try ShortID(person)
            let found = try await database.withDatabase { database in
                let repository = AvailabilityRepository(database: database)
                return try await repository.availability(of: try await repository.person(shortID))
            }
            if json { return Terminal.standardOutput.writeLine(try JSONOutput.render(found)) }
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
    @Argument(help: "A volunteer's or an application's id, or a unique start of it.") var person: String

    func validate() throws {
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
            let shortID = try ShortID(person)
            try await database.withDatabase { database in
                let repository = AvailabilityRepository(database: database)
                try await repository.set(availability, for: try await repository.person(shortID))
            }
            Terminal.standardOutput.writeLine(
                "availability set: \(availability.windows.count) window(s), \(availability.blackouts.count) blackout(s)"
            )
        }
    }
}

enum AvailabilityText {
    static func window(_ window: WeeklyWindow) -> String {
        "\(window.day.rawValue) \(window.start)-\(window.end)"
    }
}
