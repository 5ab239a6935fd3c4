import Foundation
import Hummingbird
import VolunteerCore
import VolunteerStore

/// `/v1/applications/me/messages`: the applicant's thread with the
/// organisation (`ApplicantInbox`), in JSON. Tokens are answered as by
/// `SelfServiceRoutes`: 401 without one, one 404 for any that opens nothing.
struct MessageRoutes {
    let inbox: ApplicantInbox

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
        let inbox = self.inbox
        router.get("v1/applications/me/messages") { request, _ in
            let token = try SelfServiceRoutes.token(request)
            guard let messages = try await inbox.thread(token) else { throw SelfServiceRoutes.unknown }
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
            let sentAt: Date?
            do {
                sentAt = try await inbox.send(reply.text, id: id, token: token)
            } catch let refusal as ApplicantInbox.Refusal {
                throw Self.problem(refusal)
            }
            guard let sentAt else { throw SelfServiceRoutes.unknown }
            return JSONBody.response(.created, try JSONBody.encode(Stored(id: id, sentAt: sentAt)), private: true)
        }
    }

    /// What a refused reply means over HTTP; the pages show these too.
    static func problem(_ refusal: ApplicantInbox.Refusal) -> Problem {
        switch refusal {
        case .tooManyUnread(let limit):
            Problem(
                type: .repliesWaiting, status: .tooManyRequests,
                detail: "\(limit) of your messages are waiting to be read. Please wait for an answer.")
        case .idTaken:
            Problem(type: .conflict, status: .conflict, detail: "This message id is taken; send the message with a new one.")
        case .notSetUp:
            Problem(
                type: .sealingUnavailable, status: .serviceUnavailable,
                detail: "The organisation has not set up messages yet. Nothing was stored; please try again later.")
        }
    }

    static func message(_ message: ApplicantMessage) -> Message {
        Message(
            id: message.id, from: message.direction == .toApplicant ? "organisation" : "applicant", text: message.text,
            sentAt: message.sentAt, readAt: message.readAt)
    }
}
