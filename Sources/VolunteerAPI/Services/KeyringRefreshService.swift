import Logging
import ServiceLifecycle

/// Reloads the keyring now and then, so that a key registered or revoked
/// with the CLI takes effect without a restart.
struct KeyringRefreshService: Service {
    let keyring: RecipientKeyring
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try await repeatUntilShutdown(every: interval, logger: logger, failure: "could not reload coordinator keys") {
            try await keyring.reload()
            return .again
        }
    }
}
