import Hummingbird

/// Counts every request by route pattern, method and status, times it, and
/// counts refused applications by the problem type they were answered with.
/// Outside the problem middleware, so it sees each request's final answer.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let metrics: ServerMetrics

    static let applicationsRoute = "/v1/applications"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let route = KnownRoutes.pattern(for: request.uri.path)
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code, duration: .now - started)
        if route == Self.applicationsRoute, request.method == .post, response.status.code >= 400 {
            metrics.applicationRefused(reason: context.answeredProblem.type ?? "status-\(response.status.code)")
        }
        return response
    }
}
