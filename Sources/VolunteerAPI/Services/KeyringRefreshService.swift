import Logging
import ServiceLifecycle

/// Reloads the keyring now and then, so that a key registered or revoked
/// with the CLI takes effect without a restart.
struct KeyringRefreshService: Service {
    let keyring: RecipientKeyring
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await keyring.reload()
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("could not reload coordinator keys", metadata: ["error.type": "\(type(of: error))"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
