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
        } catch let error as DomainError {
            // Routes map what they expect; this is the net under them.
            context.logger.notice("domain error reached the problem middleware", metadata: ["error.case": "\(Self.caseName(error))"])
            return try Self.problem(for: error).response(from: request, context: context)
        } catch let error where meansDatabaseUnavailable(error) {
            return try Self.databaseUnavailable.response(from: request, context: context)
        } catch let error as PSQLError where error.serverInfo?[.sqlState]?.hasPrefix("22") == true {
            // A data exception is a value PostgreSQL would not take: the
            // request's fault, whichever check let it through.
            context.logger.warning("data exception from the database", metadata: ["sql.state": "\(error.serverInfo?[.sqlState] ?? "")"])
            return try Problem(type: .badRequest, status: .badRequest, detail: "A value in the request cannot be stored.")
                .response(from: request, context: context)
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

    /// Never the error's text: it can name a value the client sent.
    static func problem(for error: DomainError) -> Problem {
        switch error {
        case .notFound:
            Problem(type: .notFound, status: .notFound)
        case .conflict, .illegalTransition, .alreadyExists:
            Problem(type: .conflict, status: .conflict)
        case .invalid, .unknownReference, .positionNotOpen, .reasonRequired, .ambiguous:
            Problem(
                type: .validationFailed, status: .unprocessableContent,
                detail: "A value in the request is not acceptable; nothing was stored.")
        }
    }

    static func caseName(_ error: DomainError) -> String {
        String(String(describing: Mirror(reflecting: error).children.first?.label ?? "unknown"))
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
