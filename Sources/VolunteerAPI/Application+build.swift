import Hummingbird
import Logging
import VolunteerCore
import VolunteerStore

/// Builds the HTTP application. The database pool runs as one of its
/// services, so it starts before the first request and stops after the last.
/// With `migrations`, the server refuses to listen on a schema that is behind.
public func buildApplication(
    database: Database,
    settings: ServerSettings,
    migrations: MigrationSet?,
    logger: Logger
) -> some ApplicationProtocol {
    let router = Router()
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ProblemMiddleware())
    HealthRoutes(database: database).register(on: router)

    var application = Application(
        router: router,
        configuration: .init(
            address: .hostname(settings.host, port: settings.port),
            serverName: nil
        ),
        services: [
            database.client,
            ChainSealingService(sealer: EventChainSealer(database: database), interval: .seconds(1), logger: logger),
        ],
        logger: logger
    )
    if let migrations {
        application.beforeServerStarts {
            try await ServerStartup.checkSchema(database: database, migrations: migrations, logger: logger)
        }
    }
    return application
}
