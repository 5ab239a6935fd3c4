import Hummingbird
import Logging
import PostgresNIO
import VolunteerCore
import VolunteerStore

/// Turns every error that escapes a route into `application/problem+json`.
///
/// Errors that are not already problems are logged by type only: their text
/// may quote a request, and requests carry personal data.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch SealingError.noRecipients, SealingError.staleRecipients {
            // Nothing can be sealed without a coordinator key; the server's log says how to register one.
            return try Problem(
                type: .sealingUnavailable, status: .serviceUnavailable,
                detail: "The organisation has not set up its keys yet. Nothing was stored; please try again later."
            ).response(from: request, context: context)
        } catch let error as HTTPError {
            if error.status == .notFound, let methods = KnownRoutes.methods(for: request.uri.path) {
                return try Problem(
                    type: .methodNotAllowed, status: .methodNotAllowed,
                    detail: "\(request.method) is not supported here.", headers: [.allow: KnownRoutes.allowHeader(methods)]
                ).response(from: request, context: context)
            }
            return try Self.problem(for: error.status).response(from: request, context: context)
        } catch is DatabaseUnavailable, is TimeoutError {
            return try Self.databaseUnavailable.response(from: request, context: context)
        } catch let error as PSQLError where error.code != .server {
            // The connection failed, not the statement: the database is away.
            return try Self.databaseUnavailable.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try Self.problem(for: error.status).response(from: request, context: context)
        } catch {
            context.logger.error("unhandled error", metadata: ["error.type": "\(type(of: error))"])
            return try Problem(type: .internalError, status: .internalServerError)
                .response(from: request, context: context)
        }
    }

    static var databaseUnavailable: Problem {
        Problem(
            type: .databaseUnavailable, status: .serviceUnavailable,
            detail: "The server cannot reach its database. Nothing was stored; try again shortly.", headers: [.retryAfter: "5"]
        )
    }

    static func problem(for status: HTTPResponse.Status) -> Problem {
        switch status {
        case .notFound:
            Problem(type: .notFound, status: .notFound, detail: "There is nothing at this address.")
        case .methodNotAllowed:
            Problem(type: .methodNotAllowed, status: .methodNotAllowed)
        case .contentTooLarge:
            Problem(type: .payloadTooLarge, status: .contentTooLarge)
        case let status where status.kind == .clientError:
            Problem(type: .badRequest, status: status)
        default:
            Problem(type: .internalError, status: status)
        }
    }
}
