import ArgumentParser
import Foundation
import VolunteerCore

struct WeeklyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weekly",
        abstract:
            "One ISO week: intake, funnel, rejections, conversion by source, response times, who waits, onboarding, capacity, the audit chain.",
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
    @OptionGroup var options: PeriodReportOptions
    @Option(help: "An ISO week, as 2026-W48 (default: the last complete one).") var week: String?

    func validate() throws {
        if let week, ISOWeek(week) == nil { throw ValidationError("--week must be an ISO week such as 2026-W48") }
        try options.validate()
    }

    func run() async throws {
        try await options.run(week.flatMap(ISOWeek.init).map(ReportSpan.week), kind: .week)
    }
}

struct MonthlyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monthly",
        abstract: "One calendar month: the weekly report's sections over the month, beside the month before.",
        discussion: """
            The month runs from its first day at midnight to the next month's in
            $VTRACK_TIMEZONE (UTC if unset); by default the last complete one. Trends
            cover the 12 months ending with it; conversion by source, the 12 weeks up to
            its end; capacity, the first whole week after it. Small counts, --anchor (a
            monthly report's JSON) and exit statuses as in `vtrack report weekly`.
            Examples:
              vtrack report monthly
              vtrack report monthly --month 2026-11 --format markdown --format html --format json --out-dir reports --anchor reports/2026-10.json
            """
    )
    @OptionGroup var options: PeriodReportOptions
    @Option(help: "A month, as 2026-11 (default: the last complete one).") var month: String?

    func validate() throws {
        if let month, ReportSpan.month(month) == nil { throw ValidationError("--month must be a month such as 2026-11") }
        try options.validate()
    }

    func run() async throws {
        try await options.run(month.flatMap(ReportSpan.month), kind: .month)
    }
}

struct QuarterlyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarterly",
        abstract: "One calendar quarter: the weekly report's sections over the quarter, beside the quarter before.",
        discussion: """
            The quarter runs from the first day of its first month at midnight to the
            next quarter's in $VTRACK_TIMEZONE (UTC if unset); by default the last
            complete one. Trends cover the 12 quarters ending with it; conversion by
            source, the 12 weeks up to its end. Otherwise as `vtrack report monthly`.
            Examples:
              vtrack report quarterly
              vtrack report quarterly --quarter 2026-Q4 --format html --out 2026-Q4.html
            """
    )
    @OptionGroup var options: PeriodReportOptions
    @Option(help: "A quarter, as 2026-Q4 (default: the last complete one).") var quarter: String?

    func validate() throws {
        if let quarter, ReportSpan.quarter(quarter) == nil { throw ValidationError("--quarter must be a quarter such as 2026-Q4") }
        try options.validate()
    }

    func run() async throws {
        try await options.run(quarter.flatMap(ReportSpan.quarter), kind: .quarter)
    }
}
