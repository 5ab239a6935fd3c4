import Logging
import PostgresNIO
import ServiceLifecycle
import VolunteerStore

/// Seals the audit chain shortly after events commit, and publishes how far
/// behind it is. Every server instance runs one; the sealer's advisory lock
/// lets one of them work at a time.
struct ChainSealingService: Service {
    let sealer: EventChainSealer
    let interval: Duration
    let metrics: ServerMetrics
    let logger: Logger

    func run() async throws {
        try await repeatUntilShutdown(every: interval, logger: logger, failure: "could not seal the audit chain") {
            do {
                let sealed = try await sealer.sealAll()
                if sealed > 0 { logger.debug("sealed events", metadata: ["count": "\(sealed)"]) }
                metrics.chain(try await sealer.backlog())
                return .again
            } catch let error as PSQLError where error.sqlState == .insufficientPrivilege {
                // A deployment may keep the server blind to the event log.
                logger.notice(
                    "this server's database role may not seal the audit chain (it is not in vtrack_sealer); seal with `vtrack audit seal` instead"
                )
                return .stop
            }
        }
    }
}
