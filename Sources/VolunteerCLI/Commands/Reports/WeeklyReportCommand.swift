import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct WeeklyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weekly",
        abstract: "One ISO week: intake, funnel, response times, who waits, onboarding, capacity, the audit chain.",
        discussion: """
            The week runs Monday to Monday in $VTRACK_TIMEZONE (UTC if unset); by default
            the last complete one. Every figure is compared with the week before. Counts
            of one or two are shown as <3 in Markdown and HTML (and wherever
            --suppress-small-counts is given). With --anchor, the audit chain is verified
            from the head that earlier report published, else from its start; the report
            publishes the head it reached: keep the JSON file outside the database.
            Exits 65 after writing the report if the chain does not verify.
            Examples:
              vtrack report weekly
              vtrack report weekly --week 2026-W48 --format html --out 2026-W48.html
              vtrack report weekly --format markdown --format html --format json --out-dir reports --anchor reports/2026-W47.json
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: "An ISO week, as 2026-W48 (default: the last complete one).") var week: String?
    @Option(help: "markdown, html, csv or json; repeat with --out-dir for several (default: markdown).") var format: [ReportFormat] = []
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Option(help: "Write WEEK.md, .html, .csv, .json into this folder.") var outDir: String?
    @Option(help: "An earlier weekly report in JSON: verify the chain from the head it published.") var anchor: String?
    @Flag(inversion: .prefixedNo, help: "Show counts of one or two as <3 (default: on for markdown and html).")
    var suppressSmallCounts: Bool?
    @Option(help: .hidden) var now: String?

    var formats: [ReportFormat] { format.isEmpty ? [.markdown] : format }

    var timeZoneName: String { OrganisationTimeZone.name }

    func validate() throws {
        if let week, ISOWeek(week) == nil { throw ValidationError("--week must be an ISO week such as 2026-W48") }
        guard out == nil || outDir == nil else { throw ValidationError("give --out or --out-dir, not both") }
        guard formats.count == Set(formats).count else { throw ValidationError("each --format once") }
        guard formats.count == 1 || outDir != nil else { throw ValidationError("several formats need --out-dir") }
        guard TimeZoneRules.isKnown(timeZoneName), TimeZone(identifier: timeZoneName) != nil else {
            throw ValidationError("VTRACK_TIMEZONE: \(timeZoneName) is not an IANA time zone such as Europe/Prague")
        }
        if let now, ISO8601DateFormatter().date(from: now) == nil { throw ValidationError("--now must be an ISO 8601 time") }
    }

    func run() async throws {
        try await CLIFailure.run {
            let zone = TimeZone(identifier: timeZoneName)!
            let clock = now.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date()
            let period = ReportPeriod(
                week: week.flatMap(ISOWeek.init) ?? ReportPeriod.lastCompleteWeek(before: clock, in: zone), timeZone: zone,
                named: timeZoneName
            )
            let anchor = try self.anchor.map(ReportAnchor.init(contentsOf:))
            let report = try await database.withDatabase {
                try await WeeklyReportRepository(database: $0).report(
                    for: period, generatedAt: clock, anchor: anchor.map { ($0.week, $0.head) }
                )
            }
            for format in formats {
                let suppressed = suppressSmallCounts ?? format.suppressesSmallCountsByDefault
                let text = try format.render(suppressed ? report.suppressingSmallCounts() : report)
                if let outDir {
                    try ReportOutput.write(text, toFolder: outDir, named: "\(report.week).\(format.fileExtension)")
                } else if let out {
                    try ReportOutput.write(text, to: out)
                } else {
                    Terminal.standardOutput.write(text)
                }
            }
            if let problem = report.audit.problem {
                Terminal.standardError.writeLine("vtrack: the audit chain did not verify: \(problem)")
                throw ExitStatus.badInput.exitCode
            }
        }
    }
}
