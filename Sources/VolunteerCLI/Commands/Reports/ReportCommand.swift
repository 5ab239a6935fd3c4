import ArgumentParser

/// `vtrack report`: summaries for the team.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for the team, with no personal data in them.",
        discussion: """
            Examples:
              vtrack report weekly --format html --out 2026-W48.html
              vtrack report monthly --month 2026-11 --format markdown
            """,
        subcommands: [WeeklyReportCommand.self, MonthlyReportCommand.self, QuarterlyReportCommand.self]
    )
}
