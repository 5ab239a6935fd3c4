import Foundation
import Hummingbird
import VolunteerCore
import VolunteerStore

/// `/v1/applications/me`, with the status token as a bearer token. Without an
/// `Authorization` header: 401. A malformed, unknown or erased token: one
/// and the same 404, so that nothing tells a wrong token from a gone one.
struct SelfServiceRoutes {
    let selfService: SelfServiceRepository
    let deadline: DatabaseDeadline

    struct View: Encodable {
        let id: UUID
        let position: String
        let positionTitle: String
        let status: String
        let submittedAt: Date
        let timeline: [ApplicantView.Step]
    }

    static let unknown = Problem(type: .notFound, status: .notFound, detail: "No application matches this token.")

    func register(on router: Router<APIRequestContext>) {
        let selfService = self.selfService
        let deadline = self.deadline
        router.get("v1/applications/me") { request, _ in
            let token = try Self.token(request)
            guard let view = try await deadline.run({ try await selfService.view(tokenHash: token.hash) }) else {
                throw Self.unknown
            }
            return JSONBody.response(
                .ok,
                try JSONBody.encode(
                    View(
                        id: view.applicationID, position: view.positionSlug, positionTitle: view.positionTitle,
                        status: view.status.rawValue, submittedAt: view.submittedAt, timeline: view.timeline
                    )), private: true)
        }
        router.post("v1/applications/me/withdraw") { request, _ in
            let token = try Self.token(request)
            let status: ApplicationStatus?
            do {
                status = try await deadline.run { try await selfService.withdraw(tokenHash: token.hash) }
            } catch DomainError.conflict, DomainError.illegalTransition {
                throw Problem(type: .conflict, status: .conflict, detail: "This application is already decided or withdrawn.")
            }
            guard let status else { throw Self.unknown }
            return JSONBody.response(.ok, try JSONBody.encode(["status": status.rawValue]), private: true)
        }
        router.put("v1/applications/me/availability") { request, _ in
            let token = try Self.token(request)
            let availability = try await Self.availability(request)
            guard try await deadline.run({ try await selfService.setAvailability(tokenHash: token.hash, availability) }) else {
                throw Self.unknown
            }
            return JSONBody.response(.ok, try JSONBody.encode(availability), private: true)
        }
        router.delete("v1/applications/me") { request, _ in
            let token = try Self.token(request)
            guard try await deadline.run({ try await selfService.erase(tokenHash: token.hash) }) else {
                throw Self.unknown
            }
            return Response(status: .noContent, headers: [.cacheControl: "no-store"])
        }
    }

    static let unauthenticated = Problem(
        type: .unauthorized, status: .unauthorized, detail: "Send your status token as Authorization: Bearer <token>.",
        headers: [.wwwAuthenticate: "Bearer"]
    )

    static func token(_ request: Request) throws -> StatusToken {
        guard request.headers[.authorization] != nil else { throw unauthenticated }
        guard let token = StatusToken.from(request) else { throw unknown }
        return token
    }

    static func availability(_ request: Request) async throws -> Availability {
        let value = try JSONBody.value(of: try await JSONBody.bytes(of: request))
        do {
            return try FieldReader.read(value, AvailabilityRules.read)
        } catch {
            throw JSONBody.validationProblem(error)
        }
    }
}
