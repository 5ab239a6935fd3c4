import Hummingbird
import NIOCore

/// Runs each request on the event loop that owns its connection. Without
/// it every handler would stay on the loop that accepted the connections,
/// and one core would do the work of two.
struct ConnectionLoopMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop: context.eventLoop)) {
            try await next(request, context)
        }
    }
}
