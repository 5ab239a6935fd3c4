import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import VolunteerCore
import VolunteerStore

/// Builds the HTTP application. The database pool runs as one of its
/// services, so it starts before the first request and stops after the last.
public func buildApplication(
    database: Database,
    settings: ServerSettings,
    blindIndex: BlindIndex,
    logger: Logger
) -> some ApplicationProtocol {
    let keyring = RecipientKeyring(database: database, logger: logger)
    let idempotency = IdempotencyRepository(database: database)
    let router = buildRouter(database: database, settings: settings, blindIndex: blindIndex, keyring: keyring, logger: logger)

    return Application(
        router: router,
        server: httpServer(settings),
        configuration: .init(
            address: .hostname(settings.host, port: settings.port),
            serverName: nil
        ),
        services: [
            database.client,
            ChainSealingService(sealer: EventChainSealer(database: database), interval: .seconds(1), logger: logger),
            KeyringRefreshService(keyring: keyring, interval: .seconds(5), logger: logger),
            IdempotencyPurgeService(idempotency: idempotency, keepFor: .seconds(24 * 3600), interval: .seconds(600), logger: logger),
        ],
        logger: logger
    )
}

/// HTTP/1.1 with the slow and idle connection timeouts, for every listener.
func httpServer(_ settings: ServerSettings) -> HTTPServerBuilder {
    .http1(configuration: .init(
        additionalChannelHandlers: [RequestHeadTimeout(timeout: TimeAmount(settings.headerTimeout))],
        idleTimeout: TimeAmount(settings.idleTimeout)
    ))
}

/// Every route and middleware; `KnownRoutes` must list the same routes (a
/// test compares them).
func buildRouter(
    database: Database, settings: ServerSettings, blindIndex: BlindIndex,
    keyring: RecipientKeyring, logger: Logger
) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    router.add(middleware: ConnectionLoopMiddleware())
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: CORSMiddleware(allowedOrigins: settings.allowedOrigins))
    router.add(middleware: RateLimitMiddleware(
        writes: RateLimiter(limits: .init(perClientPerMinute: settings.writesPerClientPerMinute, globalPerSecond: settings.writesPerSecond)),
        statusReads: RateLimiter(limits: .init(perClientPerMinute: settings.statusReadsPerClientPerMinute, globalPerSecond: 0)),
        clientAddress: ClientAddress(trustedProxies: settings.trustedProxies, logger: logger)
    ))
    HealthRoutes(database: database).register(on: router)
    OpenAPIRoute.register(on: router)
    PositionRoutes(positions: PositionRepository(database: database)).register(on: router)
    ApplicationRoutes(
        intake: ApplicationIntake(keyring: keyring, blindIndex: blindIndex, applications: ApplicationRepository(database: database))
    ).register(on: router)
    SelfServiceRoutes(selfService: SelfServiceRepository(database: database)).register(on: router)
    return router
}
