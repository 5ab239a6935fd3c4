import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// What `report weekly`, `monthly` and `quarterly` share: the formats, where
/// they go, the anchor, small counts and the clock. Each command adds the
/// option naming its period and hands the span to `run`.
struct PeriodReportOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: "markdown, html, csv or json; repeat with --out-dir for several (default: markdown).") var format: [ReportFormat] = []
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Option(help: "Write PERIOD.md, .html, .csv, .json into this folder.") var outDir: String?
    @Option(help: "An earlier report of the same kind in JSON: verify the chain from the head it published.") var anchor: String?
    @Flag(inversion: .prefixedNo, help: "Show counts of one or two as <3 (default: on for markdown and html).")
    var suppressSmallCounts: Bool?
    @Option(help: .hidden) var now: String?

    var formats: [ReportFormat] { format.isEmpty ? [.markdown] : format }

    var timeZoneName: String { OrganisationTimeZone.name }

    func validate() throws {
        guard out == nil || outDir == nil else { throw ValidationError("give --out or --out-dir, not both") }
        guard formats.count == Set(formats).count else { throw ValidationError("each --format once") }
        guard formats.count == 1 || outDir != nil else { throw ValidationError("several formats need --out-dir") }
        guard TimeZoneRules.isKnown(timeZoneName), TimeZone(identifier: timeZoneName) != nil else {
            throw ValidationError("VTRACK_TIMEZONE: \(timeZoneName) is not an IANA time zone such as Europe/Prague")
        }
        if let now, ISO8601DateFormatter().date(from: now) == nil { throw ValidationError("--now must be an ISO 8601 time") }
    }

    /// `span`, or the last complete one of `kind` when none was given.
    func run(_ span: ReportSpan?, kind: ReportSpan.Kind) async throws {
        try await CLIFailure.run {
            let zone = TimeZone(identifier: timeZoneName)!
            let clock = now.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date()
            let period = ReportPeriod(
                span: span ?? ReportSpan.lastComplete(kind, before: clock, in: zone), timeZone: zone, named: timeZoneName
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
