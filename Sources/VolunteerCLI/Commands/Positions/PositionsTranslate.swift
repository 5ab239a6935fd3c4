import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack positions translate SLUG --lang L …`: a position's title and
/// description in an applicant's language.
struct PositionsTranslate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Set (or remove) a position's title and description in another language.",
        discussion: """
            Applicants who read that language see them on the positions pages and in
            GET /v1/positions?lang=…; others see the position's own text. An applicant's
            ru-RU finds a translation into ru. Setting a language again replaces it. Each
            change is an event.
            Examples:
              vtrack positions translate editor --lang ru --title "Редактор" --description "Редактировать наши статьи."
              vtrack positions translate editor --lang uk --title "Редактор" --description-file editor.uk.txt
              vtrack positions translate editor --lang cs --remove
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The position's slug.") var slug: String
    @Option(help: "A language tag such as ru, uk or cs.") var lang: String
    @Option(help: "The title in that language.") var title: String?
    @Option(help: "The description in that language.") var description: String?
    @Option(help: "Read the description from this UTF-8 file.") var descriptionFile: String?
    @Flag(help: "Remove the translation into --lang.") var remove = false

    static let names = FlagNames(flags: ["language": "--lang", "title": "--title", "description": "--description"])

    func validate() throws {
        if remove, title != nil || description != nil || descriptionFile != nil {
            throw ValidationError("--remove takes no --title or --description")
        }
        if !remove, title == nil { throw ValidationError("give --title (and --description or --description-file), or --remove") }
        if description != nil, descriptionFile != nil { throw ValidationError("--description and --description-file exclude each other") }
    }

    func run() async throws {
        try await CLIFailure.run {
            let slug = self.slug
            if remove {
                let language = lang
                try await database.withDatabase {
                    try await PositionRepository(database: $0).removeTranslation(slug: slug, language: language)
                }
                Terminal.standardOutput.writeLine(TerminalText.escape("removed the \(language) translation of \(slug)"))
                return
            }
            var fields: [String: JSONValue] = ["language": .string(lang)]
            if let title { fields["title"] = .string(title) }
            if let text = try descriptionFile.map(YAMLInput.read) ?? description { fields["description"] = .string(text) }
            let translation = try Self.names.read(fields, PositionRules.readTranslation)
            try await database.withDatabase { try await PositionRepository(database: $0).translate(slug: slug, translation) }
            Terminal.standardOutput.writeLine(TerminalText.escape("\(slug) now reads in \(translation.language): \(translation.title)"))
        }
    }
}
