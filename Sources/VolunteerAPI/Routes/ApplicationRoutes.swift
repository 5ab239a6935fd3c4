import Foundation
import Hummingbird
import VolunteerCore
import VolunteerStore

/// `POST /v1/applications`: the Idempotency-Key and the JSON body, handed
/// to the one submission path; its answer as JSON.
struct ApplicationRoutes {
    let submitter: ApplicationSubmitter

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
        do {
            let (status, body) = try await submitter.submit(bytes, key: key)
            return JSONBody.response(status, body, private: true)
        } catch let failure as ValidationFailure {
            throw JSONBody.validationProblem(failure)
        }
    }
}
