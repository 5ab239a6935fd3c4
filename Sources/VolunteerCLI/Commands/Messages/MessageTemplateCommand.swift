import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack messages template …`: the organisation's message templates, per language.
struct MessageTemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Keep message templates, one version per language.",
        discussion: """
            A template is plain text with placeholders, filled in for each application:
            \(MessageTemplate.Placeholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", ")). An unknown
            placeholder is refused when the template is saved. Templates are the
            organisation's words, stored in clear: never put personal data in one.
            Examples:
              vtrack messages template set interview-invite --lang en --file invite.en.txt
              vtrack messages template show interview-invite --lang en
              vtrack messages template list
            """,
        subcommands: [Set.self, Show.self, List.self, Remove.self]
    )

    static func checkName(_ name: String) throws {
        guard MessageRules.nameRule.allows(name) else { throw ValidationError("NAME \(MessageRules.nameRule.problem)") }
    }

    static func checkLanguage(_ language: String?) throws {
        if let language, !TextRule.languageTag.allows(language) { throw ValidationError("--lang \(TextRule.languageTag.problem)") }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or replace a template's version in one language.",
            discussion: "Example:\n  vtrack messages template set welcome --lang uk --file welcome.uk.txt"
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Lower-case letters, digits, '-' and '_'.") var name: String
        @Option(help: "The version's language (a tag such as uk or en-GB).") var lang: String
        @Option(help: "The file that holds the text (- for stdin).") var file: String

        func validate() throws {
            try MessageTemplateCommand.checkName(name)
            try MessageTemplateCommand.checkLanguage(lang)
        }

        func run() async throws {
            try await CLIFailure.run {
                let raw =
                    file == "-"
                    ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : try MessagesSend.read(file)
                let body = try MessageText.checked(raw, flag: "--file")
                try await database.withDatabase {
                    try await MessageTemplateRepository(database: $0).set(name: name, language: lang, body: body)
                }
                Terminal.standardOutput.writeLine(TerminalText.escape("template \(name) (\(lang)) saved"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a template's versions, or the one in --lang.",
            discussion: "Example:\n  vtrack messages template show welcome --lang uk"
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The template's name.") var name: String
        @Option(help: "Only this language.") var lang: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            try MessageTemplateCommand.checkName(name)
            try MessageTemplateCommand.checkLanguage(lang)
        }

        func run() async throws {
            try await CLIFailure.run {
                let versions = try await database.withDatabase {
                    try await MessageTemplateRepository(database: $0).versions(of: name, language: lang)
                }
                if json {
                    Terminal.standardOutput.writeLine(try JSONOutput.render(versions))
                    return
                }
                Terminal.standardOutput.writeLine(
                    versions.map { version in
                        let header =
                            "\(version.name) (\(version.language)), by \(version.updatedBy) at \(version.updatedAt.formatted(.iso8601))"
                        return "\(Style.dim(TerminalText.escape(header)))\n\(TerminalText.escape(version.body, paragraph: true))"
                    }.joined(separator: "\n\n"))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the templates and their languages.",
            discussion: "Example:\n  vtrack messages template list --format csv"
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLIFailure.run {
                let (versions, notices) = try await database.withDatabase { database in
                    let templates = MessageTemplateRepository(database: database)
                    return (try await templates.list(), try await templates.notices())
                }
                let rows = versions.map { version in
                    [
                        version.name, version.language, version.updatedBy, version.updatedAt.formatted(.iso8601),
                        notices.filter { $0.template == version.name }.map(\.status.rawValue).joined(separator: " "),
                    ]
                }
                switch output.resolved {
                case .json: Terminal.standardOutput.writeLine(try JSONOutput.render(versions))
                case .csv:
                    Terminal.standardOutput.write(CSV.render([["name", "language", "updated_by", "updated_at", "notice_for"]] + rows))
                case .table:
                    guard !rows.isEmpty else {
                        Terminal.standardOutput.writeLine(
                            "No templates. Add one with `vtrack messages template set NAME --lang L --file F`.")
                        return
                    }
                    Terminal.standardOutput.writeLine(
                        TextTable(rows: [["NAME", "LANGUAGE", "UPDATED BY", "UPDATED AT", "NOTICE FOR"]] + rows).render())
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a template's version in --lang, or every version.",
            discussion: "Example:\n  vtrack messages template remove welcome --lang cs"
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The template's name.") var name: String
        @Option(help: "Only this language.") var lang: String?

        func validate() throws {
            try MessageTemplateCommand.checkName(name)
            try MessageTemplateCommand.checkLanguage(lang)
        }

        func run() async throws {
            try await CLIFailure.run {
                let removed = try await database.withDatabase {
                    try await MessageTemplateRepository(database: $0).remove(name: name, language: lang)
                }
                guard removed else { throw DomainError.notFound(entity: "template", id: lang.map { "\(name) (\($0))" } ?? name) }
                Terminal.standardOutput.writeLine(TerminalText.escape("template \(name)\(lang.map { " (\($0))" } ?? "") removed"))
            }
        }
    }
}
