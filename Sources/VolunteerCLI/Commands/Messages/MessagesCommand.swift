import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack messages …`: the sealed threads between coordinators and applicants.
struct MessagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages",
        abstract: "Write to applicants and read their replies, without e-mail.",
        discussion: """
            Every application has a thread that only its applicant (with their status
            token) and the coordinators can read: each message is sealed for the
            application's inbox key and for the organisation key. The event log records
            that a message was sent, read or answered, and by whom, never its text.
            Reading a thread is logged as a reveal.
            Examples:
              vtrack messages send 3f2a91c0 "Thank you for applying. Could you tell us which evenings suit you?"
              vtrack messages send 3f2a 9bc0 77de --template interview-invite
              vtrack messages inbox
              vtrack messages thread 3f2a91c0
            """,
        subcommands: [
            MessagesSend.self, MessagesThread.self, MessagesInbox.self, MessageTemplateCommand.self, StatusNoticeCommand.self,
        ]
    )
}

/// A message's text as a coordinator gives it, checked by the rule the API uses.
enum MessageText {
    static func checked(_ text: String, flag: String) throws -> String {
        do {
            return try MessageRules.text(text)
        } catch {
            throw DomainError.invalid(field: flag, reason: error.problems.first?.problem ?? "cannot be read")
        }
    }
}
