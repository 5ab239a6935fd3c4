import ArgumentParser
import VolunteerCore
import VolunteerStore

extension PositionStatus: ExpressibleByArgument {}

/// `vtrack positions …`: what the organisation recruits for.
struct PositionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "positions",
        abstract: "Create and run positions: draft → open ⇄ paused → closed (→ open again, with a reason).",
        discussion: """
            Examples:
              vtrack positions create editor --title Editor --team Editorial --skill editing
              vtrack positions open editor
              vtrack positions list --status open
            """,
        subcommands: [
            PositionsList.self, PositionsShow.self, PositionsCreate.self, PositionsEdit.self,
            PositionMove<OpenMove>.self, PositionMove<PauseMove>.self, PositionMove<CloseMove>.self, PositionMove<ReopenMove>.self,
            PositionsTranslate.self,
        ]
    )
}

struct PositionsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List positions with their applications waiting and in total.",
        discussion: """
            Examples:
              vtrack positions list
              vtrack positions list --status open --format csv
              vtrack positions list --limit 20 --page 2
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var paging: PageOptions
    @Option(help: "Only this status (repeatable): draft, open, paused, closed.") var status: [PositionStatus] = []

    func run() async throws {
        try await CLIFailure.run {
            let (statuses, limit, offset) = (status, paging.limit, paging.offset)
            let rows = try await database.withDatabase {
                try await PositionRepository(database: $0).overview(statuses: statuses, limit: limit, offset: offset)
            }
            switch output.resolved {
            case .json: Terminal.standardOutput.writeLine(try JSONOutput.render(rows.map { PositionRow($0) }))
            case .csv:
                Terminal.standardOutput.write(
                    CSV.render(
                        [
                            [
                                "slug", "title", "team", "status", "open_applications", "total_applications", "openings", "accepted",
                                "keep_open",
                            ]
                        ]
                            + rows.map {
                                [
                                    $0.position.slug, $0.position.title, $0.position.team, $0.position.status.rawValue,
                                    String($0.openApplications), String($0.totalApplications), String($0.position.openings),
                                    String($0.position.filled), String($0.position.keepOpen),
                                ]
                            }
                    ))
            case .table:
                guard !rows.isEmpty else {
                    return Terminal.standardOutput.writeLine(
                        paging.page > 1 ? "No positions on this page." : "No positions. Create one with `vtrack positions create`.")
                }
                var table = TextTable("SLUG", "TITLE", "TEAM", "STATUS", "FILLED", "WAITING", "TOTAL")
                for row in rows {
                    table.append(
                        TextTable.fit(row.position.slug, 24), TextTable.fit(row.position.title, 32),
                        TextTable.fit(row.position.team, 14), row.position.status.rawValue, row.position.filledText,
                        String(row.openApplications), String(row.totalApplications)
                    )
                }
                Terminal.standardOutput.writeLine(table.render { column, cell in column == 3 ? Style.status(cell, cell.trimmed) : cell })
                paging.hintIfFull(rows.count)
            }
        }
    }
}

struct PositionsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything about one position.",
        discussion: """
            --candidates adds its ten best-fitting open applications, ranked as by
            `vtrack applications list --position SLUG --rank`.
            Examples:
              vtrack positions show editor --json
              vtrack positions show editor --candidates --any-position
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Also its ten best-fitting open applications, saying why.") var candidates = false
    @Flag(help: "With --candidates: also applicants who applied to other positions.") var anyPosition = false
    @Argument(help: "The position's slug.") var slug: String

    func validate() throws {
        if anyPosition, !candidates { throw ValidationError("--any-position goes with --candidates") }
    }

    func run() async throws {
        try await CLIFailure.run {
            let slug = self.slug
            let (wantsCandidates, anyPosition) = (candidates, self.anyPosition)
            let (rows, translations, ranked) = try await database.withDatabase { database in
                let positions = PositionRepository(database: database)
                let rows = try await positions.overview(slug: slug)
                guard !rows.isEmpty else { throw DomainError.notFound(entity: "position", id: slug) }
                let ranked =
                    wantsCandidates
                    ? try await ApplicationRepository(database: database).rank(position: slug, anyPosition: anyPosition, limit: 10)
                    : nil
                return (rows, try await positions.translations(slug: slug), ranked)
            }
            guard let row = rows.first else { throw DomainError.notFound(entity: "position", id: slug) }
            if json {
                var shown = PositionRow(row, translations: translations)
                shown.candidates = ranked?.map(RankedRow.init)
                return Terminal.standardOutput.writeLine(try JSONOutput.render(shown))
            }
            let position = row.position
            var table = TextTable("FIELD", "VALUE")
            table.append("slug", position.slug)
            table.append("title", position.title)
            table.append("team", position.team)
            table.append("status", position.status.rawValue + (row.statusReason.map { " (\($0))" } ?? ""))
            table.append("skills", position.skills.isEmpty ? "-" : position.skills.joined(separator: ", "))
            table.append("languages", position.languages.isEmpty ? "-" : position.languages.joined(separator: ", "))
            table.append("hours per week", position.hoursPerWeek.map { String(format: "%g", $0) } ?? "-")
            table.append("location", position.location ?? "remote")
            table.append("openings", position.filledText + (position.keepOpen ? " (kept open when full)" : ""))
            table.append("applications", "\(row.openApplications) waiting, \(row.totalApplications) in total")
            table.append("translations", translations.isEmpty ? "-" : translations.joined(separator: ", "))
            let rendered = table.render(colouringStatusRowAs: position.status.rawValue)
            let description = position.description.isEmpty ? "" : "\n\n" + TerminalText.escape(position.description, paragraph: true)
            let candidates =
                ranked.map { ranked in
                    "\n\nCandidates, best fit first:\n"
                        + (ranked.isEmpty ? "none waiting" : RankedListView(rows: ranked, position: position.slug).table)
                } ?? ""
            Terminal.standardOutput.writeLine(rendered + description + candidates)
        }
    }
}

extension Position {
    /// `filled 2/3`: accepted applications against openings.
    var filledText: String { "filled \(filled)/\(openings)" }
}

/// `positions list --json` and `positions show --json`.
struct PositionRow: Encodable {
    let slug: String
    let title: String
    let team: String
    let status: PositionStatus
    let statusReason: String?
    let description: String
    let skills: [String]
    let languages: [String]
    let hoursPerWeek: Double?
    let location: String?
    let openings: Int
    /// Openings filled: accepted applications.
    let accepted: Int
    let keepOpen: Bool
    let openApplications: Int
    let totalApplications: Int
    /// The languages its title and description are translated into (`positions show` only).
    var translations: [String]? = nil
    /// Best fit first (`positions show --candidates` only).
    var candidates: [RankedRow]? = nil

    init(_ row: PositionOverview, translations: [String]? = nil) {
        self.translations = translations
        let position = row.position
        (slug, title, team, status, statusReason) = (position.slug, position.title, position.team, position.status, row.statusReason)
        (description, skills, languages) = (position.description, position.skills, position.languages)
        (hoursPerWeek, location, openings) = (position.hoursPerWeek, position.location, position.openings)
        (accepted, keepOpen) = (position.filled, position.keepOpen)
        (openApplications, totalApplications) = (row.openApplications, row.totalApplications)
    }
}
