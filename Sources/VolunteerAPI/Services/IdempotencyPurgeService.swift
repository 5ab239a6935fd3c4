import Logging
import ServiceLifecycle
import VolunteerStore

/// Forgets Idempotency-Keys after a day: a retry comes within minutes, and a
/// stored response is one more thing that could leak.
struct IdempotencyPurgeService: Service {
    let idempotency: IdempotencyRepository
    let keepFor: Duration
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try await repeatUntilShutdown(every: interval, logger: logger, failure: "could not purge idempotency keys") {
            let purged = try await idempotency.purge(olderThan: keepFor)
            if purged > 0 { logger.debug("forgot idempotency keys", metadata: ["count": "\(purged)"]) }
            return .again
        }
    }
}
