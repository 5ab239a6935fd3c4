import Hummingbird

/// Applies `RateLimiter` to the API's writes; other requests, including
/// unsupported methods (405), are not counted.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let limiter: RateLimiter
    let clientAddress: ClientAddress

    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard [.post, .put, .patch, .delete].contains(request.method),
              KnownRoutes.methods(for: request.uri.path)?.contains(request.method) == true
        else {
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
