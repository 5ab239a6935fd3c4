import Foundation
import Hummingbird
import VolunteerCore
import VolunteerStore

/// The one path an application takes from a request body to a stored,
/// sealed application, for `POST /v1/applications` and the application
/// form alike: validate, answer, seal the answer for a retry, store both in
/// one statement. A retry with the same key gets the first answer back.
struct ApplicationSubmitter: Sendable {
    let intake: ApplicationIntake
    let deadline: DatabaseDeadline

    /// `{"id": …, "status": "submitted", "status_token": …}`, written out:
    /// neither a UUID nor a base64url token ever needs escaping, and
    /// JSONEncoder took a fiftieth of the server's time for it.
    static func createdBody(id: UUID, token: StatusToken) -> Data {
        Data(#"{"id":"\#(id.uuidString)","status":"submitted","status_token":"\#(token.text)"}"#.utf8)
    }

    /// The answer: 201 and the created body, or a stored answer replayed.
    /// Throws `ValidationFailure` for fields the rules or the store refuse,
    /// and a `Problem` for a key in use or reused with another body.
    func submit(_ bytes: ByteBuffer, key: IdempotencyKey) async throws -> (status: HTTPResponse.Status, body: Data) {
        let parsed = try ApplicationRequest.parse(try JSONBody.value(of: bytes))
        // The answer is made, and sealed for a retry, before anything is
        // written: the statement that stores the application stores it too.
        let token = StatusToken.generate()
        var receipt = IntakeReceipt(statusTokenHash: token.hash, inboxKey: token.inboxKey.publicKey)
        let body = Self.createdBody(id: receipt.applicationID, token: token)
        receipt.idempotency = IdempotentResponse(
            keyHash: key.hash, requestHash: IdempotencyKey.requestHash(bytes), status: 201, sealedBody: try key.seal(body)
        )
        do {
            let intake = self.intake
            let draft = parsed.draft
            let sealedReceipt = receipt
            _ = try await deadline.run { try await intake.submit(draft, receipt: sealedReceipt) }
        } catch let conflict as IdempotencyConflict {
            return try Self.answer(to: conflict, key: key)
        } catch {
            throw Self.fieldProblems(for: error) ?? error
        }
        // No line names the application: with its time it would join a
        // proxy's access log and tie an address to an applicant. The
        // request line says one was made; the event log says which.
        deadline.metrics.applicationAccepted()
        return (.created, body)
    }

    /// The answer to a request whose Idempotency-Key was used before.
    static func answer(to conflict: IdempotencyConflict, key: IdempotencyKey) throws -> (status: HTTPResponse.Status, body: Data) {
        switch conflict {
        case .replay(let status, let sealed):
            (HTTPResponse.Status(code: status), try key.open(sealed))
        case .mismatch:
            throw Problem(
                type: .idempotencyKeyReused, status: .unprocessableContent, detail: "Use a new Idempotency-Key for a new application.")
        case .inProgress:
            throw Problem(type: .idempotencyInProgress, status: .conflict, detail: "Wait a moment, then retry with the same key.")
        }
    }

    /// What the store refused, in the applicant's terms. Unknown and closed
    /// positions read the same: closed ones are not public.
    static func fieldProblems(for error: any Error) -> ValidationFailure? {
        let problem: FieldProblem? =
            switch error {
            case DomainError.notFound(entity: "position", _), DomainError.positionNotOpen:
                FieldProblem("position", "is not open for applications")
            case DomainError.unknownReference(let entity, _) where entity == "skill":
                FieldProblem("skills", "contains a skill we do not use")
            case DomainError.unknownReference(let entity, _) where entity == "source":
                FieldProblem("source", "is not one of our sources")
            case DomainError.unknownReference(let entity, _) where entity == "privacy notice":
                FieldProblem("consent.privacy_policy_version", "is not a version of our privacy notice")
            default:
                nil
            }
        return problem.map { ValidationFailure([$0]) }
    }
}
