import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct MessagesThread: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thread",
        abstract: "Read an application's thread, oldest first (logged as a reveal).",
        discussion: """
            Opens the messages with your key; the replies nobody had read are marked as
            read by you (a `message.read` event each).
            Examples:
              vtrack messages thread 3f2a91c0
              vtrack messages thread 3f2a91c0 --json
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var keyFile: KeyFileOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The application's id, or a unique start of it.") var id: String

    func run() async throws {
        try await CLIFailure.run {
            let shortID = try ShortID(id)
            let key = try keyFile.load()
            let messages = try await database.withDatabase { database in
                let id = try await ApplicationRepository(database: database).resolve(shortID)
                return try await MessageRepository(database: database).threads(of: [id], key: key)
            }
            let rows = messages.map(MessageRow.init)
            if json {
                Terminal.standardOutput.writeLine(try JSONOutput.render(rows))
            } else if rows.isEmpty {
                Terminal.standardOutput.writeLine("No messages yet. Write with `vtrack messages send \(id) TEXT`.")
            } else {
                Terminal.standardOutput.writeLine(rows.map(\.rendered).joined(separator: "\n\n"))
            }
        }
    }
}

/// `messages thread --json`, and its text form.
struct MessageRow: Encodable {
    let id: UUID
    let applicationId: UUID
    let direction: MessageDirection
    let author: String
    let template: String?
    let sentAt: Date
    let readAt: Date?
    let readBy: String?
    let text: String?
    let problem: String?

    init(_ message: RevealedMessage) {
        id = message.id
        applicationId = message.applicationID
        direction = message.direction
        author = message.author
        template = message.template
        sentAt = message.sentAt
        readAt = message.readAt
        readBy = message.readBy
        (text, problem) = NoteRow.opened(message.text)
    }

    var rendered: String {
        let who = direction == .toApplicant ? "\(author) → applicant" : "applicant → coordinators"
        var header = "\(sentAt.formatted(.iso8601))  \(who)"
        if let template { header += "  (template \(template))" }
        if let readAt {
            header += direction == .toApplicant ? "  read \(readAt.formatted(.iso8601))" : "  read by \(readBy ?? "?")"
        } else {
            header += direction == .toApplicant ? "  not read yet" : "  new"
        }
        let body = text.map { TerminalText.escape($0, paragraph: true) } ?? "(\(problem ?? "unreadable"))"
        return "\(Style.dim(TerminalText.escape(header)))\n\(body)"
    }
}
