import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct InterviewsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The agenda: interviews by time, in the coordinator's and the applicant's time zones.",
        discussion: """
            Examples:
              vtrack interviews list --mine --week 2026-W50
              vtrack interviews list --format csv --limit 500
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Only yours.") var mine = false
    @Option(help: "Only this ISO week (2026-W50), read in --tz.") var week: String?
    @Option(help: "The IANA time zone of --week (default: $VTRACK_TIMEZONE, then UTC).") var tz: String?
    @Flag(help: "Include cancelled interviews.") var cancelled = false
    @Option(help: "At most this many rows.") var limit = 100
    @Option(help: "Which page of --limit rows, from 1.") var page = 1

    var zone: String { tz ?? OrganisationTimeZone.name }

    func validate() throws {
        if let week, ISOWeek(week) == nil { throw ValidationError("--week must be an ISO week such as 2026-W50") }
        guard TimeZoneRules.isKnown(zone) else { throw ValidationError("--tz: \(zone) is not an IANA time zone such as Europe/Prague") }
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        guard page >= 1 else { throw ValidationError("--page starts at 1") }
    }

    func run() async throws {
        try await CLIFailure.run {
            var query = InterviewRepository.ListQuery()
            query.includeCancelled = cancelled
            query.limit = limit
            query.offset = (page - 1) * limit
            if let week = week.flatMap(ISOWeek.init), let zone = TimeZone(identifier: zone) {
                query.from = WallClock.read(week.monday, minute: 0, in: zone).earliest
                query.to = WallClock.read(week.monday.adding(days: 7), minute: 0, in: zone).earliest
            }
            let (filter, mine) = (query, self.mine)
            let records = try await database.withDatabase { database in
                let repository = InterviewRepository(database: database)
                var filter = filter
                if mine { filter.coordinator = try await repository.me() }
                return try await repository.list(filter)
            }
            switch output.resolved {
            case .json: Terminal.standardOutput.writeLine(try JSONOutput.render(records))
            case .csv:
                Terminal.standardOutput.write(
                    CSV.render(
                        [
                            [
                                "id", "application", "coordinator", "status", "starts_at", "ends_at", "coordinator_time_zone",
                                "applicant_time_zone",
                            ]
                        ]
                            + records.map {
                                [
                                    ShortID.display($0.id), ShortID.display($0.applicationId), $0.coordinator, $0.status,
                                    InterviewText.utc($0.startsAt), InterviewText.utc($0.endsAt), $0.coordinatorTimeZone ?? "",
                                    $0.applicantTimeZone,
                                ]
                            }))
            case .table:
                guard !records.isEmpty else { return Terminal.standardOutput.writeLine("No interviews.") }
                var table = TextTable("ID", "APPLICATION", "COORDINATOR", "STATUS", "COORDINATOR'S TIME", "APPLICANT'S TIME", "MIN")
                for record in records {
                    table.append(
                        ShortID.display(record.id), ShortID.display(record.applicationId), record.coordinator, record.status,
                        record.coordinatorTimeZone.map { InterviewText.local(record.startsAt, $0) + " " + $0 } ?? "-",
                        InterviewText.local(record.startsAt, record.applicantTimeZone) + " " + record.applicantTimeZone,
                        String(Int(record.endsAt.timeIntervalSince(record.startsAt) / 60)))
                }
                Terminal.standardOutput.writeLine(table.render())
            }
        }
    }
}
