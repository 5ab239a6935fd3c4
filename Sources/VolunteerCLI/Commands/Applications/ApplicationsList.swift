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
              vtrack applications list --position editor --rank --any-position
            --rank orders the open applications to --position by fit, comparing in
            turn: the share of its skills they hold, a language answering one of
            its own (BCP 47 by prefix: en-GB answers en; uk never answers ru), and
            their usable hours (the lesser of hours offered and the hours their
            availability windows hold) against its hours. Each row says why.
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
    @Flag(help: "Order the open applications to --position by fit, saying why (needs --position).") var rank = false
    @Flag(help: "With --rank: also applicants whose open applications are to other positions, once each.")
    var anyPosition = false

    func validate() throws {
        if rank {
            guard position != nil else { throw ValidationError("--rank needs --position SLUG: the position to rank for") }
            let others =
                !status.isEmpty || skill != nil || language != nil || assignedTo != nil || unassigned || since != nil
                || waitingLongerThan != nil || duplicates || reveal
            if others { throw ValidationError("--rank takes only --position, --any-position, --limit, --page and --format") }
        } else if anyPosition {
            throw ValidationError("--any-position goes with --rank")
        }
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        guard page >= 1 else { throw ValidationError("--page starts at 1") }
        if unassigned, assignedTo != nil { throw ValidationError("--unassigned and --assigned-to exclude each other; give one") }
    }

    func run() async throws {
        if rank, let position { return try await runRanked(position: position) }
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

extension ApplicationsList {
    func runRanked(position: String) async throws {
        try await CLIFailure.run {
            let (anyPosition, limit, page) = (self.anyPosition, self.limit, self.page)
            let rows = try await database.withDatabase {
                try await ApplicationRepository(database: $0).rank(position: position, anyPosition: anyPosition, limit: limit, page: page)
            }
            let view = RankedListView(rows: rows, position: position, firstRank: (page - 1) * limit + 1)
            switch output.resolved {
            case .json: Terminal.standardOutput.writeLine(try JSONOutput.render(rows.map(RankedRow.init)))
            case .csv: Terminal.standardOutput.write(CSV.render(view.csv))
            case .table:
                Terminal.standardOutput.writeLine(rows.isEmpty ? "No open applications to rank." : view.table)
                if rows.count == limit {
                    Terminal.standardError.writeLine(Style.dim("More may follow: --page \(page + 1)"))
                }
            }
        }
    }
}

/// `--rank --json`: the application, `why` as in the table and `fit` criterion by criterion.
struct RankedRow: Encodable {
    let id: UUID
    let shortId: String
    let applicantId: UUID
    let position: String
    let status: ApplicationStatus
    let submittedAt: Date
    let why: String
    let fit: ApplicationFit

    init(_ row: RankedApplication) {
        (id, shortId, applicantId, position, status) = (row.id, row.shortID, row.applicantID, row.position, row.status)
        (submittedAt, why, fit) = (row.submittedAt, row.fit.why, row.fit)
    }
}

/// Ranked applications as a table or CSV; rows applied to another position say which.
struct RankedListView {
    let rows: [RankedApplication]
    /// The position ranked for.
    let position: String
    /// The first row's place in the whole ranking: later pages go on counting.
    var firstRank = 1

    var table: String {
        var table = TextTable("#", "ID", "APPLIED TO", "STATUS", "FIT")
        for (index, row) in rows.enumerated() {
            table.append(
                String(firstRank + index), row.shortID,
                TextTable.fit(row.position == position ? row.position : "\(row.position) (other)", 24),
                row.status.rawValue, row.fit.why
            )
        }
        return table.render { column, cell in column == 3 ? Style.status(cell, cell.trimmed) : cell }
    }

    var csv: [[String]] {
        [
            [
                "id", "position", "status", "submitted_at", "why", "skills_held", "skills_required", "language", "hours_per_week",
                "availability_hours", "usable_hours", "position_hours",
            ]
        ]
            + rows.map { row in
                let fit = row.fit
                return [
                    row.id.uuidString.lowercased(), row.position, row.status.rawValue, row.submittedAt.formatted(.iso8601), fit.why,
                    String(fit.skillsHeld), String(fit.skillsRequired), fit.language ?? "", fit.hoursPerWeek.map { String($0) } ?? "",
                    String(fit.availabilityHours), String(fit.usableHours), fit.positionHours.map { String($0) } ?? "",
                ]
            }
    }
}

extension ApplicationOrder: ExpressibleByArgument {}
