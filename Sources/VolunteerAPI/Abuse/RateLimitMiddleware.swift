import Hummingbird

/// Applies `RateLimiter` to writes (POST, PUT, PATCH, DELETE) under /v1.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let limiter: RateLimiter
    let clientAddress: ClientAddress

    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard [.post, .put, .patch, .delete].contains(request.method), request.uri.path.hasPrefix("/v1/") else {
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
