import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct MessagesSend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a message to one or many applications, each its own.",
        discussion: """
            The last argument is the text, unless --template or --file gives it; the others
            are ids, or `-` to read ids from standard input (the first column of each line,
            so `applications list --format csv` can be piped in). A template is filled in
            for each application in the language its applicant applied in (or --lang),
            with {{position}} in that language when the position is translated and
            {{coordinator}} as your display name (`vtrack coordinators display-name`).
            Every message is sent, or none: an application without an inbox (made before
            messages existed, and its applicant has not opened their status since) or a
            language the template lacks refuses the lot, naming them.
            Examples:
              vtrack messages send 3f2a91c0 "Could you tell us which evenings suit you?"
              vtrack messages send 3f2a91c0 --file reply.txt
              vtrack applications list --status screening --position editor --format csv \\
                | vtrack messages send - --template interview-invite
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Send this template (see `vtrack messages template list`).") var template: String?
    @Option(help: "The template's language for everyone (a tag such as uk), instead of each applicant's.") var lang: String?
    @Option(help: "Read the text from this file.") var file: String?
    @Flag(help: "Print the results as JSON.") var json = false
    @Argument(help: "Application ids (or - for stdin), then the text unless --template or --file.") var arguments: [String] = []

    func validate() throws {
        if template != nil, file != nil { throw ValidationError("--template and --file exclude each other; give one") }
        if lang != nil, template == nil { throw ValidationError("--lang chooses a template's language; it needs --template") }
        if let template, !MessageRules.nameRule.allows(template) { throw ValidationError("--template \(MessageRules.nameRule.problem)") }
        if let lang, !TextRule.languageTag.allows(lang) { throw ValidationError("--lang \(TextRule.languageTag.problem)") }
        let needed = template == nil && file == nil ? 2 : 1
        guard arguments.count >= needed else {
            throw ValidationError(
                needed == 2
                    ? "give at least one id and then the text, e.g. `send 3f2a91c0 \"Hello\"`, or use --template or --file"
                    : "give at least one id")
        }
    }

    func run() async throws {
        try await CLIFailure.run {
            let draft: MessageDraft
            var references = arguments
            if let template {
                draft = .template(name: template, language: lang)
            } else if let file {
                draft = .text(try MessageText.checked(try Self.read(file), flag: "--file"))
            } else {
                draft = .text(try MessageText.checked(references.removeLast(), flag: "TEXT"))
            }
            let expanded = BatchReferences.expand(references)
            guard !expanded.isEmpty else { throw DomainError.invalid(field: "ids", reason: "standard input held no ids") }
            let sent = try await database.withDatabase { database in
                let applications = ApplicationRepository(database: database)
                var ids: [UUID] = []
                for reference in expanded { ids.append(try await applications.resolve(try ShortID(reference))) }
                let unique = ids.reduce(into: [UUID]()) { if !$0.contains($1) { $0.append($1) } }
                let messages = try await MessageRepository(database: database).send(draft, to: unique)
                return Array(zip(unique, messages))
            }
            if json {
                Terminal.standardOutput.writeLine(try JSONOutput.render(sent.map { SentRow(applicationId: $0.0, messageId: $0.1) }))
            } else {
                for (application, _) in sent { Terminal.standardOutput.writeLine("\(ShortID.display(application))  sent") }
                Terminal.standardError.writeLine("\(sent.count) message\(sent.count == 1 ? "" : "s") sent")
            }
        }
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DomainError.invalid(field: "--file", reason: "cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct SentRow: Encodable {
        let applicationId: UUID
        let messageId: UUID
    }
}
