import ArgumentParser
import Foundation
import VolunteerStore

extension AuditCommand {
    /// `vtrack audit reveals`: who opened applicants' sealed data, and how much.
    struct Reveals: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count reveals of personal data, notes and message threads per coordinator.",
            discussion: """
                Every reveal is logged by the database before any sealed data leaves it,
                whether through vtrack or psql. A bulk read stands out here.
                Examples:
                  vtrack audit reveals
                  vtrack audit reveals --since 2026-11-01 --by alice --json
                  vtrack audit reveals --format csv
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Since a date (2026-11-01) or for a duration (30d; the default).") var since = SinceArgument(argument: "30d")!
        @Option(help: "Only this coordinator (their login's name).") var by: String?
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLIFailure.run {
                let counts = try await database.withDatabase { try await RevealCounts(database: $0).since(since.date, by: by) }
                try ListOutput.write(
                    output.resolved, json: { try Self.render(counts, json: true) },
                    csvHeader: ["coordinator", "reveals", "applicants", "notes_reveals", "messages_reveals", "first_at", "last_at"],
                    csvRows: {
                        counts.map {
                            [
                                $0.coordinator, String($0.reveals), String($0.applicants), String($0.notesReveals),
                                String($0.messagesReveals), ReportValue.timestamp($0.firstAt), ReportValue.timestamp($0.lastAt),
                            ]
                        }
                    },
                    table: { try Self.render(counts, json: false) })
            }
        }

        static func render(_ counts: [RevealCounts.ByCoordinator], json: Bool) throws -> String {
            if json { return try JSONOutput.render(counts) }
            guard !counts.isEmpty else { return "no reveals in this period" }
            var table = TextTable("COORDINATOR", "REVEALS", "APPLICANTS", "NOTES", "THREADS", "FIRST", "LAST")
            for count in counts {
                table.append(
                    count.coordinator, String(count.reveals), String(count.applicants), String(count.notesReveals),
                    String(count.messagesReveals), ReportValue.timestamp(count.firstAt), ReportValue.timestamp(count.lastAt)
                )
            }
            return table.render()
        }
    }
}
