import Hummingbird

/// CORS for the organisation's website form, from an allow-list of origins
/// (`VTRACK_ALLOWED_ORIGINS`). Other origins get no CORS headers, so
/// browsers refuse them; non-browser clients are unaffected. OPTIONS on a
/// known path answers with `Allow` (and the CORS grant when it applies).
///
/// It runs outside the problem middleware, so every answer (a 422, a 429
/// from the rate limiter, a 503 without a database, a 404) carries the
/// grant: a browser shows a script an answer without it as a network error.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let allowedOrigins: Set<String>

    /// Answer headers a script may read besides the CORS-safelisted ones:
    /// when to retry (429, 503), how to authenticate (401), which methods a
    /// path takes (405).
    static let exposedHeaders = "Retry-After, WWW-Authenticate, Allow"

    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let origin = request.headers[.origin].flatMap { allowedOrigins.contains($0) ? $0 : nil }
        if request.method == .options, let methods = KnownRoutes.methods(for: request.uri.path) {
            var headers: HTTPFields = [.allow: KnownRoutes.allowHeader(methods)]
            if let origin {
                headers[.accessControlAllowOrigin] = origin
                headers[.accessControlAllowMethods] = KnownRoutes.allowHeader(methods)
                headers[.accessControlAllowHeaders] = "Content-Type, Authorization, Idempotency-Key"
                headers[.accessControlMaxAge] = "600"
            }
            return vary(Response(status: .noContent, headers: headers))
        }
        var response = try await next(request, context)
        if let origin {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
        }
        return vary(response)
    }

    /// With an allow-list, every answer depends on `Origin`: a shared cache
    /// must not hand a browser an answer stored for a request without it.
    private func vary(_ response: Response) -> Response {
        guard !allowedOrigins.isEmpty else { return response }
        var response = response
        response.headers[values: .vary].append("Origin")
        return response
    }
}
