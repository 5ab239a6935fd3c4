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
        } catch {
            return try Self.problem(for: error, method: request.method, path: request.uri.path, logger: context.logger)
                .response(from: request, context: context)
        }
    }

    /// The problem an error means, for any answer the server gives (the
    /// pages render it as HTML).
    static func problem(for error: any Error, method: HTTPRequest.Method, path: String, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case SealingError.noRecipients, SealingError.staleRecipients:
            // Nothing can be sealed without a coordinator key; the server's log says how to register one.
            return Problem(
                type: .sealingUnavailable, status: .serviceUnavailable,
                detail: "The organisation has not set up its keys yet. Nothing was stored; please try again later."
            )
        case let error as HTTPError:
            // A known path with a method it lacks; a route that is not
            // registered (the pages, turned off) stays a 404.
            if error.status == .notFound, let methods = KnownRoutes.methods(for: path), !methods.contains(method) {
                return Problem(
                    type: .methodNotAllowed, status: .methodNotAllowed,
                    detail: "\(method) is not supported here.", headers: [.allow: KnownRoutes.allowHeader(methods)]
                )
            }
            return Self.problem(for: error.status)
        case let error as DomainError:
            // Routes map what they expect; this is the net under them.
            logger.notice("domain error reached the problem middleware", metadata: ["error.case": "\(Self.caseName(error))"])
            return Self.problem(for: error)
        case let error where meansDatabaseUnavailable(error):
            return Self.databaseUnavailable
        case let error as PSQLError where error.serverInfo?[.sqlState]?.hasPrefix("22") == true:
            // A data exception is a value PostgreSQL would not take: the
            // request's fault, whichever check let it through.
            logger.warning("data exception from the database", metadata: ["sql.state": "\(error.serverInfo?[.sqlState] ?? "")"])
            return Problem(type: .badRequest, status: .badRequest, detail: "A value in the request cannot be stored.")
        case let error as any HTTPResponseError:
            return Self.problem(for: error.status)
        default:
            logger.error("unhandled error", metadata: ["error.type": "\(type(of: error))"])
            return Problem(type: .internalError, status: .internalServerError)
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
