import Foundation
import PostgresNIO
import VolunteerCore

/// Which way a message went.
public enum MessageDirection: String, Sendable, Codable {
    case toApplicant = "to_applicant"
    case fromApplicant = "from_applicant"
}

/// What a coordinator sends: their own text, or a template filled in for
/// each application, in `language` or else the one the applicant applied in;
/// or an interview's change, in the organisation's template `template` or
/// else the built-in wording (English where it has no version).
public enum MessageDraft: Sendable, Equatable {
    case text(String)
    case template(name: String, language: String?)
    case interview(InterviewNotice, template: String?)

    /// The template recorded with the message and its event.
    var templateName: String? {
        switch self {
        case .text: nil
        case .template(let name, _): name
        case .interview(_, let template): template
        }
    }
}

/// A message in a thread, as a coordinator reads it after a reveal.
public struct RevealedMessage: Sendable, Equatable {
    public let id: UUID
    public let applicationID: UUID
    public let direction: MessageDirection
    /// A coordinator's login, or `applicant:<id>`.
    public let author: String
    public let template: String?
    public let sentAt: Date
    public let readAt: Date?
    public let readBy: String?
    public let text: Result<String, SealingError>
}

/// A message in a thread, as the applicant reads it; nil text when it
/// cannot be opened with their token's key.
public struct ApplicantMessage: Sendable, Equatable {
    public let id: UUID
    public let direction: MessageDirection
    public let sentAt: Date
    public let readAt: Date?
    public let text: String?
    /// A coordinator's message this reading of the thread marked read: new
    /// to the applicant since they last looked.
    public let isNew: Bool
}

/// A reply no coordinator has read yet (`vtrack messages inbox`): where it
/// is, never what it says.
public struct InboxEntry: Sendable, Equatable, Codable {
    public let messageId: UUID
    public let applicationId: UUID
    public let shortId: String
    public let position: String
    public let status: String
    public let receivedAt: Date
    /// Unread replies on the same application.
    public let unreadInThread: Int
}

/// A coordinator's message, sealed and ready to be written, alone or with
/// a move (`StatusMove`).
public struct OutgoingMessage: Sendable {
    public let applicationID: UUID
    public let template: String?
    public let sealed: SealedMessage

    /// Every message of one draft in one statement; the database stamps
    /// author, direction and time, and writes one `message.sent` each.
    static func insert(_ messages: [OutgoingMessage]) -> PostgresQuery {
        let template = messages.first?.template
        return """
            INSERT INTO messages (id, application_id, template, sealed, inbox_encapsulated_key, inbox_wrapped_key,
                                  organisation_key_id, encapsulated_key, wrapped_key)
            SELECT * FROM unnest(
                \(messages.map(\.sealed.id))::uuid[], \(messages.map(\.applicationID))::uuid[], array_fill(\(template)::text, ARRAY[\(messages.count)::int]),
                \(messages.map { ByteBuffer(bytes: $0.sealed.sealed) })::bytea[],
                \(messages.map { ByteBuffer(bytes: $0.sealed.inboxKey.encapsulatedKey) })::bytea[],
                \(messages.map { ByteBuffer(bytes: $0.sealed.inboxKey.ciphertext) })::bytea[],
                \(messages.map(\.sealed.organisationKey.keyID))::uuid[],
                \(messages.map { ByteBuffer(bytes: $0.sealed.organisationKey.encapsulatedKey) })::bytea[],
                \(messages.map { ByteBuffer(bytes: $0.sealed.organisationKey.ciphertext) })::bytea[])
            """
    }
}

/// Why a message cannot be composed for some applications; nothing is sent.
public enum MessagingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `messages_unread_reply_limit()` in migrations/0017_messages.sql.
    public static let unreadReplyLimit = 20

    /// Applications made before messages existed, whose applicant has not
    /// opened their status since, or whose applicant was erased.
    case noInbox(applications: [String])
    /// The template has no version in these languages, needed by these applications.
    case templateLanguageMissing(name: String, languages: [String], applications: [String])
    case template(name: String, MessageTemplateError)
    /// The applicant has left `limit` replies that nobody has read yet.
    case tooManyUnread(limit: Int)

    public var description: String {
        switch self {
        case .noInbox(let applications):
            "no inbox for \(applications.joined(separator: ", ")): the application predates messages and its applicant has not opened their status since, or the applicant was erased"
        case .templateLanguageMissing(let name, let languages, let applications):
            "template \(name) has no version in \(languages.joined(separator: ", ")) (needed by \(applications.joined(separator: ", "))); add one with `vtrack messages template set \(name) --lang \(languages[0]) --file F` (`messages send` may also choose one with --lang)"
        case .template(let name, let error):
            "template \(name): \(error)"
        case .tooManyUnread(let limit):
            "\(limit) replies are waiting to be read; wait for an answer before writing again"
        }
    }
}
