import Logging
import ServiceLifecycle

/// What one round of a periodic service decides.
enum RoundOutcome {
    case again
    /// Nothing more to do in this process; idle until shutdown.
    case stop
}

/// Runs `round` every `interval` until graceful shutdown. A failed round is
/// logged by error type only (its text may carry data) and tried again.
func repeatUntilShutdown(
    every interval: Duration, logger: Logger, failure: Logger.Message, _ round: @escaping @Sendable () async throws -> RoundOutcome
) async throws {
    try? await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do {
                if try await round() == .stop {
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
