import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack privacy-notice …`: the versions of the privacy notice applicants accept.
struct PrivacyNoticeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy-notice",
        abstract: "Record the versions of the privacy notice applicants accept.",
        discussion: """
            An application must name a recorded version (consent.privacy_policy_version);
            an unknown one is refused. Notices are only added, never changed: a new text
            is a new version. The newest is the one the applicants' pages link.
            Examples:
              vtrack privacy-notice add 2026-12 --url https://example.org/privacy/2026-12
              vtrack privacy-notice list
            """,
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a new version of the privacy notice.",
            discussion: "Example:\n  vtrack privacy-notice add 2026-12 --url https://example.org/privacy/2026-12"
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Letters, digits, '.', '_' or '-'; at most 32.") var version: String
        @Option(help: "Where the notice's text is published (http:// or https://).") var url: String

        private static let flags = FlagNames(flags: ["version": "VERSION", "url": "--url"])

        func run() async throws {
            try await CLIFailure.run {
                let notice: PrivacyNotice
                do {
                    notice = try await database.withDatabase {
                        try await PrivacyNoticeRepository(database: $0).add(version: version, url: url)
                    }
                } catch let failure as ValidationFailure {
                    throw Self.flags.problem(failure.problems[0])
                }
                Terminal.standardOutput.writeLine(TerminalText.escape("recorded privacy notice \(notice.version)"))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the recorded versions, newest first.",
            discussion: "Examples:\n  vtrack privacy-notice list --json\n  vtrack privacy-notice list --format csv"
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLIFailure.run {
                let notices = try await database.withDatabase { try await PrivacyNoticeRepository(database: $0).list() }
                try ListOutput.write(
                    output.resolved, json: { try JSONOutput.render(notices) }, csvHeader: ["version", "url", "added_at", "added_by"],
                    csvRows: { notices.map { [$0.version, $0.url ?? "", $0.addedAt.formatted(.iso8601), $0.addedBy] } },
                    table: {
                        var table = TextTable("VERSION", "URL", "ADDED", "BY")
                        for notice in notices {
                            table.append(
                                notice.version, notice.url ?? "(named by applicants before notices were recorded)",
                                notice.addedAt.formatted(.iso8601.year().month().day()), notice.addedBy)
                        }
                        return table.render()
                    })
            }
        }
    }
}
