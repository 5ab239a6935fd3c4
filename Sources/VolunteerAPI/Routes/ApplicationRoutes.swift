import Foundation
import Hummingbird
import VolunteerCore
import VolunteerStore

/// `POST /v1/applications`: validate, seal, store with the Idempotency-Key,
/// and answer once with the status token; a retry gets the same bytes back.
struct ApplicationRoutes {
    let intake: ApplicationIntake
    let deadline: DatabaseDeadline

    /// `{"id": …, "status": "submitted", "status_token": …}`, written out:
    /// neither a UUID nor a base64url token ever needs escaping, and
    /// JSONEncoder took a fiftieth of the server's time for it.
    static func createdBody(id: UUID, token: StatusToken) -> Data {
        Data(#"{"id":"\#(id.uuidString)","status":"submitted","status_token":"\#(token.text)"}"#.utf8)
    }

    func register(on router: Router<APIRequestContext>) {
        router.post("v1/applications") { request, context in
            try await submit(request)
        }
    }

    func submit(_ request: Request) async throws -> Response {
        let key = try IdempotencyKey.from(request)
        let bytes = try await JSONBody.bytes(of: request)
        guard let key else {
            throw Problem(
                type: .idempotencyKeyMissing, status: .badRequest,
                detail: "Send an Idempotency-Key header (a new UUID per application) so that a retry cannot apply twice."
            )
        }
        let parsed: ApplicationRequest
        do {
            parsed = try ApplicationRequest.parse(try JSONBody.value(of: bytes))
        } catch let failure as ValidationFailure {
            throw JSONBody.validationProblem(failure)
        }
        // The answer is made, and sealed for a retry, before anything is
        // written: the statement that stores the application stores it too.
        let token = StatusToken.generate()
        var receipt = IntakeReceipt(statusTokenHash: token.hash)
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
            throw Self.problem(for: error) ?? error
        }
        // No line names the application: with its time it would join a
        // proxy's access log and tie an address to an applicant. The
        // request line says one was made; the event log says which.
        deadline.metrics.applicationAccepted()
        return JSONBody.response(.created, body, private: true)
    }

    /// The answer to a request whose Idempotency-Key was used before.
    static func answer(to conflict: IdempotencyConflict, key: IdempotencyKey) throws -> Response {
        switch conflict {
        case .replay(let status, let sealed):
            JSONBody.response(HTTPResponse.Status(code: status), try key.open(sealed), private: true)
        case .mismatch:
            throw Problem(
                type: .idempotencyKeyReused, status: .unprocessableContent, detail: "Use a new Idempotency-Key for a new application.")
        case .inProgress:
            throw Problem(type: .idempotencyInProgress, status: .conflict, detail: "Wait a moment, then retry with the same key.")
        }
    }

    /// What the store refused, in the applicant's terms. Unknown and closed
    /// positions read the same: closed ones are not public.
    static func problem(for error: any Error) -> Problem? {
        switch error {
        case DomainError.notFound(entity: "position", _), DomainError.positionNotOpen:
            JSONBody.validationProblem(ValidationFailure([FieldProblem("position", "is not open for applications")]))
        case DomainError.unknownReference(let entity, _) where entity == "skill":
            JSONBody.validationProblem(ValidationFailure([FieldProblem("skills", "contains a skill we do not use")]))
        case DomainError.unknownReference(let entity, _) where entity == "source":
            JSONBody.validationProblem(ValidationFailure([FieldProblem("source", "is not one of our sources")]))
        case DomainError.unknownReference(let entity, _) where entity == "privacy notice":
            JSONBody.validationProblem(
                ValidationFailure([FieldProblem("consent.privacy_policy_version", "is not a version of our privacy notice")]))
        default:
            nil
        }
    }
}
