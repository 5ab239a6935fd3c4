import Logging
import ServiceLifecycle
import VolunteerStore

/// What one round of a periodic service decides.
enum RoundOutcome: Sendable {
    case again
    /// Nothing more to do in this process; idle until shutdown.
    case stop
}

/// Runs `round` every `interval` until graceful shutdown. A failed round is
/// logged by error type only (its text may carry data) and tried again.
///
/// Each round is bounded by `limit` (``withTimeout(_:operation:)``), which
/// also gives it up at once when shutdown cancels the loop. Unbounded, a
/// round whose database call never returned (PostgresNIO's pool can leave a
/// request waiting after the database refused connections and came back)
/// stopped its service for good, and at shutdown the service group waited
/// for it for ever: the test suite's stall (docs/design-notes.md).
func repeatUntilShutdown(
    every interval: Duration, limit: Duration = .seconds(60), logger: Logger, failure: Logger.Message,
    _ round: @escaping @Sendable () async throws -> RoundOutcome
) async throws {
    try? await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do {
                if try await withTimeout(limit, operation: round) == .stop {
                    // A service that returns would stop the whole server.
                    try await gracefulShutdown()
                    return
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning(failure, metadata: ["error.type": "\(type(of: error))"])
            }
            try await Task.sleep(for: interval)
        }
    }
}
