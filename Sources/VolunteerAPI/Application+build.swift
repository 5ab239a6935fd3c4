import Hummingbird
import Logging
import VolunteerStore

/// Builds the HTTP application. The database pool runs as one of its
/// services, so it starts before the first request and stops after the last.
public func buildApplication(
    database: Database,
    settings: ServerSettings,
    logger: Logger
) -> some ApplicationProtocol {
    let keyring = RecipientKeyring(database: database, logger: logger)
    let router = Router()
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ProblemMiddleware())
    HealthRoutes(database: database).register(on: router)

    return Application(
        router: router,
        configuration: .init(
            address: .hostname(settings.host, port: settings.port),
            serverName: nil
        ),
        services: [
            database.client,
            ChainSealingService(sealer: EventChainSealer(database: database), interval: .seconds(1), logger: logger),
            KeyringRefreshService(keyring: keyring, interval: .seconds(5), logger: logger),
        ],
        logger: logger
    )
}
