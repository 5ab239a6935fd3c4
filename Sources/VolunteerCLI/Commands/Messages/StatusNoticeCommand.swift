import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack messages notice …`: which template tells an applicant their application moved.
struct StatusNoticeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Choose the template sent when an application moves to a status.",
        discussion: """
            `vtrack applications move … --notify` sends the status's notice, in the
            language the applicant applied in, in the same transaction as the move; with
            --by-default it is sent on every move to that status unless --no-notify.
            Examples:
              vtrack messages notice set interview --template interview-invite
              vtrack messages notice set rejected --template not-this-time --by-default
              vtrack messages notice list
            """,
        subcommands: [Set.self, List.self, Remove.self]
    )

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a template the notice of a status.",
            discussion: "Example:\n  vtrack messages notice set interview --template interview-invite --by-default"
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The status: \(ApplicationStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: ApplicationStatus
        @Option(help: "The template (it must exist).") var template: String
        @Flag(help: "Send it on every move to the status unless --no-notify.") var byDefault = false

        func validate() throws { try MessageTemplateCommand.checkName(template) }

        func run() async throws {
            try await CLIFailure.run {
                try await database.withDatabase {
                    try await MessageTemplateRepository(database: $0).setNotice(status, template: template, byDefault: byDefault)
                }
                Terminal.standardOutput.writeLine(
                    TerminalText.escape(
                        "moving to \(status.rawValue) \(byDefault ? "sends" : "sends with --notify") template \(template)"))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the statuses' notices.", discussion: "Example:\n  vtrack messages notice list --json")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLIFailure.run {
                let notices = try await database.withDatabase { try await MessageTemplateRepository(database: $0).notices() }
                let rows = notices.map { [$0.status.rawValue, $0.template, $0.byDefault ? "yes" : "no"] }
                switch output.resolved {
                case .json: Terminal.standardOutput.writeLine(try JSONOutput.render(notices))
                case .csv: Terminal.standardOutput.write(CSV.render([["status", "template", "by_default"]] + rows))
                case .table:
                    Terminal.standardOutput.writeLine(
                        rows.isEmpty ? "No status notices." : TextTable(rows: [["STATUS", "TEMPLATE", "BY DEFAULT"]] + rows).render())
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop sending a notice for a status.", discussion: "Example:\n  vtrack messages notice remove rejected")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The status.") var status: ApplicationStatus

        func run() async throws {
            try await CLIFailure.run {
                let removed = try await database.withDatabase { try await MessageTemplateRepository(database: $0).removeNotice(status) }
                guard removed else { throw DomainError.notFound(entity: "status notice", id: status.rawValue) }
                Terminal.standardOutput.writeLine("notice for \(status.rawValue) removed")
            }
        }
    }
}
