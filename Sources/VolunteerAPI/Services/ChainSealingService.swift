import Logging
import PostgresNIO
import ServiceLifecycle
import VolunteerStore

/// Seals the audit chain shortly after events commit. Every server instance
/// runs one; the sealer's advisory lock lets one of them work at a time.
struct ChainSealingService: Service {
    let sealer: EventChainSealer
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let sealed = try await sealer.sealAll()
                    if sealed > 0 { logger.debug("sealed events", metadata: ["count": "\(sealed)"]) }
                } catch is CancellationError {
                    return
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42501" {
                    // A deployment may keep the server blind to the event log.
                    logger.notice(
                        "this server's database role may not seal the audit chain (it is not in vtrack_sealer); seal with `vtrack audit seal` instead"
                    )
                    // A service that returns would stop the server; idle until shutdown.
                    try await gracefulShutdown()
                    return
                } catch {
                    // The database may be down; /ready says so. Try again next round.
                    logger.warning("could not seal the audit chain", metadata: ["error.type": "\(type(of: error))"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
