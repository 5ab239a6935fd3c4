import Foundation
import Hummingbird
import VolunteerCore
import VolunteerStore

/// `/v1/applications/me/messages`: the applicant's thread with the
/// organisation, opened and sealed with the inbox key the status token
/// derives, for this request only. Tokens are answered as by
/// `SelfServiceRoutes`: 401 without one, one 404 for any that opens nothing.
struct MessageRoutes {
    let selfService: SelfServiceRepository
    let keyring: RecipientKeyring
    let deadline: DatabaseDeadline

    struct Message: Encodable {
        let id: UUID
        let from: String
        let text: String?
        let sentAt: Date
        let readAt: Date?
    }

    struct Stored: Encodable {
        let id: UUID
        let sentAt: Date
    }

    func register(on router: Router<APIRequestContext>) {
        router.get("v1/applications/me/messages") { request, _ in
            let token = try SelfServiceRoutes.token(request)
            let messages = try await thread(token)
            return JSONBody.response(.ok, try JSONBody.encode(["messages": messages.map(Self.message)]), private: true)
        }
        router.post("v1/applications/me/messages") { request, _ in
            let token = try SelfServiceRoutes.token(request)
            let value = try JSONBody.value(of: try await JSONBody.bytes(of: request))
            let reply: (text: String, id: UUID?)
            do throws(ValidationFailure) {
                reply = try FieldReader.read(value, MessageRules.reply)
            } catch {
                throw JSONBody.validationProblem(error)
            }
            let id = reply.id ?? UUID()
            let sentAt = try await send(reply.text, id: id, token: token)
            return JSONBody.response(.created, try JSONBody.encode(Stored(id: id, sentAt: sentAt)), private: true)
        }
    }

    /// The thread, or the 404 of an unknown token.
    func thread(_ token: StatusToken) async throws -> [ApplicantMessage] {
        let selfService = self.selfService
        guard let messages = try await deadline.run({ try await selfService.messages(tokenHash: token.hash, inbox: token.inboxKey) })
        else { throw SelfServiceRoutes.unknown }
        return messages
    }

    /// Seals and stores a reply; its time. Problems for an unknown token, a
    /// full inbox, an id used on another thread, or no organisation key.
    func send(_ text: String, id: UUID, token: StatusToken) async throws -> Date {
        do {
            return try await sendOnce(text, id: id, token: token)
        } catch SealingError.staleRecipients {
            // The organisation key was rotated since the last reload.
            try await keyring.reload()
            return try await sendOnce(text, id: id, token: token)
        } catch MessagingError.tooManyUnread(let limit) {
            throw Problem(
                type: .repliesWaiting, status: .tooManyRequests,
                detail: "\(limit) of your messages are waiting to be read. Please wait for an answer.")
        } catch DomainError.alreadyExists {
            throw Problem(type: .conflict, status: .conflict, detail: "This message id is taken; send the message with a new one.")
        }
    }

    private func sendOnce(_ text: String, id: UUID, token: StatusToken) async throws -> Date {
        guard let organisation = try await keyring.organisationKey() else {
            throw Problem(
                type: .sealingUnavailable, status: .serviceUnavailable,
                detail: "The organisation has not set up messages yet. Nothing was stored; please try again later.")
        }
        let selfService = self.selfService
        guard
            let sentAt = try await deadline.run({
                try await selfService.reply(tokenHash: token.hash, inbox: token.inboxKey, text: text, id: id, organisation: organisation)
            })
        else { throw SelfServiceRoutes.unknown }
        return sentAt
    }

    static func message(_ message: ApplicantMessage) -> Message {
        Message(
            id: message.id, from: message.direction == .toApplicant ? "organisation" : "applicant", text: message.text,
            sentAt: message.sentAt, readAt: message.readAt)
    }
}
