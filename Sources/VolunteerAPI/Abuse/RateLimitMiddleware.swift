import Hummingbird

/// Applies the rate limits: the API's writes share one budget, and reads of
/// an application's status by token (`GET /v1/applications/me`) have their
/// own. Other requests, including unsupported methods (405), are not counted.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let writes: RateLimiter
    let statusReads: RateLimiter
    let clientAddress: ClientAddress

    static let statusRoutes: Set<String> = ["/v1/applications/me", "/v1/applications/me/messages"]

    /// The budget `request` is counted against, if any.
    func limiter(for request: Request) -> RateLimiter? {
        let method = request.method
        guard KnownRoutes.methods(for: request.uri.path)?.contains(method) == true else { return nil }
        if [.post, .put, .patch, .delete].contains(method) { return writes }
        if method == .get, KnownRoutes.pattern(for: request.uri.path).map(Self.statusRoutes.contains) == true { return statusReads }
        return nil
    }

    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let limiter = limiter(for: request) else {
            return try await next(request, context)
        }
        switch limiter.admit(address: clientAddress.of(request, peer: context.remoteAddress)) {
        case .allowed:
            return try await next(request, context)
        case .clientLimited(let seconds):
            throw Problem(
                type: .rateLimited, status: .tooManyRequests,
                detail: "Too many requests from your network. Try again in \(seconds) seconds.",
                headers: [.retryAfter: "\(seconds)"]
            )
        case .serverBusy(let seconds):
            throw Problem(
                type: .serverBusy, status: .serviceUnavailable,
                detail: "The server is busy. Try again in a moment.", headers: [.retryAfter: "\(seconds)"]
            )
        }
    }
}
