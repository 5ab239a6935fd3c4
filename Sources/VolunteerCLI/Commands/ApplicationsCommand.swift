import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

extension ApplicationStatus: ExpressibleByArgument {}

/// `vtrack applications …`: the pipeline.
struct ApplicationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "applications",
        abstract: "Look at applications.",
        subcommands: [List.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List applications, newest first, without personal data unless --reveal.",
            discussion: """
                --reveal opens names and contacts with your private key; each applicant
                shown is logged as a `personal_data.revealed` event.
                Examples:
                  vtrack applications list --status submitted --status screening
                  vtrack applications list --position editor --limit 20 --reveal
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var keyFile: KeyFileOptions
        @Option(help: "Only this status (repeatable): \(ApplicationStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
        var status: [ApplicationStatus] = []
        @Option(help: "Only applications to this position (its slug).") var position: String?
        @Option(help: "At most this many rows.") var limit = 50
        @Flag(help: "Open names and contacts (logged).") var reveal = false
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        }

        func run() async throws {
            try await CLIFailure.run {
                let key = reveal ? try keyFile.load() : nil
                let filter = ApplicationFilter(statuses: status, position: position, limit: limit)
                let (rows, personal) = try await database.withDatabase { database in
                    let rows = try await ApplicationRepository(database: database).list(filter)
                    guard let key, !rows.isEmpty else { return (rows, [UUID: RevealedPersonalData]()) }
                    return (rows, try await PersonalDataRepository(database: database, key: key).reveal(rows.map(\.applicantID)))
                }
                Terminal.standardOutput.writeLine(
                    json ? try JSONOutput.render(rows.map { ApplicationListRow($0, revealed: reveal ? personal[$0.applicantID] : nil) })
                        : ApplicationListView.table(rows, personal: reveal ? personal : nil)
                )
            }
        }
    }
}
