import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct ApplicationsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List applications, without personal data unless --reveal.",
        discussion: """
            --reveal opens names and contacts with your private key; each applicant
            shown is logged as a `personal_data.revealed` event.
            Examples:
              vtrack applications list --status submitted --status screening
              vtrack applications list --waiting-longer-than 7d --unassigned --sort waiting
              vtrack applications list --position editor --limit 20 --page 2 --format csv
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var keyFile: KeyFileOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this status (repeatable): \(ApplicationStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
    var status: [ApplicationStatus] = []
    @Option(help: "Only applications to this position (its slug).") var position: String?
    @Option(help: "Only applicants with this skill.") var skill: String?
    @Option(help: "Only applicants who speak this language (a tag such as uk or en-GB).") var language: String?
    @Option(help: "Only applications assigned to this coordinator.") var assignedTo: String?
    @Flag(help: "Only applications assigned to nobody.") var unassigned = false
    @Option(help: "Only submitted since a date (2026-11-01) or for a duration (30d).") var since: SinceArgument?
    @Option(help: "Only open applications without action for longer than this (7d, 36h, 2w).")
    var waitingLongerThan: TypedDuration?
    @Flag(help: "Only applicants whose e-mail another applicant also gave.") var duplicates = false
    @Option(help: "newest (default), oldest, waiting (longest first) or updated.") var sort: ApplicationOrder = .newest
    @Option(help: "Rows per page (1 to 10000).") var limit = 50
    @Option(help: "Which page of --limit rows, from 1.") var page = 1
    @Flag(help: "Open names and contacts (logged).") var reveal = false

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        guard page >= 1 else { throw ValidationError("--page starts at 1") }
        if unassigned, assignedTo != nil { throw ValidationError("--unassigned and --assigned-to exclude each other; give one") }
    }

    func run() async throws {
        try await CLIFailure.run {
            let key = reveal ? try keyFile.load() : nil
            var filter = ApplicationFilter(statuses: status, position: position, limit: limit)
            filter.skill = skill
            filter.language = language
            filter.assignedTo = assignedTo
            filter.unassigned = unassigned
            filter.submittedSince = since?.date
            filter.waitingSince = waitingLongerThan.map { Date(timeIntervalSinceNow: -$0.seconds) }
            filter.duplicatesOnly = duplicates
            filter.order = sort
            filter.page = page
            let query = filter
            let (rows, personal) = try await database.withDatabase { database in
                let rows = try await ApplicationRepository(database: database).list(query)
                guard let key, !rows.isEmpty else { return (rows, [UUID: RevealedPersonalData]()) }
                return (rows, try await PersonalDataRepository(database: database, key: key).reveal(rows.map(\.applicantID)))
            }
            let revealed = reveal ? personal : nil
            let view = ApplicationListView(rows: rows, personal: revealed, now: Date())
            switch output.resolved {
            case .json: Terminal.standardOutput.writeLine(try JSONOutput.render(view.jsonRows))
            case .csv: Terminal.standardOutput.write(CSV.render(view.cells(forCSV: true)))
            case .table:
                Terminal.standardOutput.writeLine(rows.isEmpty ? "No applications match." : view.table)
                if rows.count == limit {
                    Terminal.standardError.writeLine(Style.dim("More may follow: --page \(page + 1)"))
                }
            }
        }
    }
}

extension ApplicationOrder: ExpressibleByArgument {}
