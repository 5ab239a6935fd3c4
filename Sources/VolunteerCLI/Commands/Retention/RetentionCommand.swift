import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack retention …`: how long personal data is kept, and erasing what is due.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Set how long applicants' personal data is kept, and erase what is due.",
        discussion: """
            Outcomes: rejected (for any reason but no_response), withdrawn, unanswered
            (rejected with reason no_response: open applications are never erased by
            retention), alumni (volunteers after offboarding). An applicant is due once
            every application and volunteering of theirs has ended and its outcome's
            period has passed since its final move. vtrack-server erases what is due
            every hour (VTRACK_RETENTION_INTERVAL); `run` does it now.
            Examples:
              vtrack retention show
              vtrack retention set rejected 90d
              vtrack retention set alumni 104w
              vtrack retention run --dry-run
              vtrack retention run
            """,
        subcommands: [Show.self, Set.self, RetentionRun.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how long each outcome is kept.",
            discussion: "Examples:\n  vtrack retention show --json\n  vtrack retention show --format csv"
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLIFailure.run {
                let periods = try await database.withDatabase { try await RetentionRepository(database: $0).policy() }
                try ListOutput.write(
                    output.resolved, json: { try JSONOutput.render(periods) }, csvHeader: ["outcome", "days", "changed_at"],
                    csvRows: { periods.map { [$0.outcome.rawValue, String($0.days), $0.changedAt.formatted(.iso8601)] } },
                    table: {
                        var table = TextTable("OUTCOME", "DAYS", "CHANGED")
                        for period in periods {
                            table.append(
                                period.outcome.rawValue, "\(period.days)", period.changedAt.formatted(.iso8601.year().month().day()))
                        }
                        return table.render()
                    })
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change how long one outcome is kept (an audited change).",
            discussion: """
                A shorter period takes effect at the next run: whoever it makes due is erased.
                Check with `vtrack retention run --dry-run` after.
                Examples:
                  vtrack retention set unanswered 90d
                  vtrack retention set alumni 104w
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "rejected, withdrawn, unanswered or alumni.") var outcome: RetentionOutcome
        @Argument(help: "Whole days: 180, 180d or 26w (1 to 36500 days).") var period: RetentionDays

        private static let flags = FlagNames(flags: ["days": "PERIOD"])

        func run() async throws {
            try await CLIFailure.run {
                let before: Int
                do {
                    before = try await database.withDatabase {
                        try await RetentionRepository(database: $0).setPeriod(outcome, days: period.days)
                    }
                } catch let failure as ValidationFailure {
                    throw Self.flags.problem(failure.problems[0])
                }
                Terminal.standardOutput.writeLine("\(outcome.rawValue): kept \(period.days) days (was \(before))")
            }
        }
    }
}

extension RetentionOutcome: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// A period in whole days: `180`, `180d`, `26w`.
struct RetentionDays: ExpressibleByArgument, Sendable {
    let days: Int

    init?(argument: String) {
        if let days = Int(argument.trimmed) {
            self.days = days
            return
        }
        guard let duration = TypedDuration(argument: argument), duration.seconds.truncatingRemainder(dividingBy: 86_400) == 0,
            let days = Int(exactly: duration.seconds / 86_400)
        else { return nil }
        self.days = days
    }

    static var defaultCompletionKind: CompletionKind { .list(["180d", "26w", "730d"]) }
}
