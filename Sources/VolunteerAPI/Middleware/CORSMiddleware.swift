import Hummingbird

/// CORS for the organisation's website form, from an allow-list of origins
/// (`VTRACK_ALLOWED_ORIGINS`). Other origins get no CORS headers, so
/// browsers refuse them; non-browser clients are unaffected. OPTIONS on a
/// known path answers with `Allow` (and the CORS grant when it applies).
struct CORSMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let allowedOrigins: Set<String>

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
                headers[.vary] = "Origin"
            }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if let origin {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = "Retry-After"
            response.headers[.vary] = "Origin"
        }
        return response
    }
}
