import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
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
    let metrics = ServerMetrics(databaseConnections: settings.databaseConnections)
    let router = buildRouter(
        database: database, settings: settings, blindIndex: blindIndex, keyring: keyring, metrics: metrics, logger: logger
    )
    var services: [any Service] = [
        database.client,
        ChainSealingService(sealer: EventChainSealer(database: database), interval: .seconds(1), metrics: metrics, logger: logger),
        KeyringRefreshService(keyring: keyring, interval: .seconds(5), logger: logger),
        IdempotencyPurgeService(idempotency: idempotency, keepFor: .seconds(24 * 3600), interval: .seconds(600), logger: logger),
    ]
    if let interval = settings.retentionInterval {
        services.append(RetentionService(retention: RetentionRepository(database: database), interval: interval, logger: logger))
    }
    if let address = settings.metricsAddress {
        services.append(MetricsListener(metrics: metrics, address: address, settings: settings, logger: logger))
    }
    return Application(
        router: router,
        server: httpServer(settings),
        configuration: .init(
            address: .hostname(settings.host, port: settings.port),
            serverName: nil
        ),
        services: services,
        logger: logger
    )
}

/// HTTP/1.1 with the slow and idle connection timeouts, for every listener.
func httpServer(_ settings: ServerSettings) -> HTTPServerBuilder {
    .http1(
        configuration: .init(
            additionalChannelHandlers: [RequestHeadTimeout(timeout: TimeAmount(settings.headerTimeout))],
            idleTimeout: TimeAmount(settings.idleTimeout)
        ))
}

/// Every route and middleware; `KnownRoutes` must list the same routes (a
/// test compares them).
func buildRouter(
    database: Database, settings: ServerSettings, blindIndex: BlindIndex,
    keyring: RecipientKeyring, metrics: ServerMetrics, logger: Logger
) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    let deadline = DatabaseDeadline(metrics: metrics)
    router.add(middleware: ConnectionLoopMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: RequestLogMiddleware())
    // Outside the problem middleware, so that error answers carry CORS too:
    // without it a browser sees a 429 or 503 as a network failure.
    router.add(middleware: CORSMiddleware(allowedOrigins: settings.allowedOrigins))
    router.add(middleware: ProblemMiddleware())
    router.add(
        middleware: RateLimitMiddleware(
            writes: RateLimiter(
                limits: .init(perClientPerMinute: settings.writesPerClientPerMinute, globalPerSecond: settings.writesPerSecond)),
            statusReads: RateLimiter(limits: .init(perClientPerMinute: settings.statusReadsPerClientPerMinute, globalPerSecond: 0)),
            clientAddress: ClientAddress(trustedProxies: settings.trustedProxies, logger: logger)
        ))
    HealthRoutes(database: database).register(on: router)
    OpenAPIRoute(
        positions: PositionRepository(database: database), skills: VocabularyRepository(database: database, vocabulary: .skills),
        sources: VocabularyRepository(database: database, vocabulary: .sources),
        privacyNotices: PrivacyNoticeRepository(database: database), deadline: deadline
    ).register(on: router)
    PositionRoutes(positions: PositionRepository(database: database), deadline: deadline).register(on: router)
    let submitter = ApplicationSubmitter(
        intake: ApplicationIntake(keyring: keyring, blindIndex: blindIndex, applications: ApplicationRepository(database: database)),
        deadline: deadline
    )
    ApplicationRoutes(submitter: submitter).register(on: router)
    SelfServiceRoutes(selfService: SelfServiceRepository(database: database), deadline: deadline).register(on: router)
    let inbox = ApplicantInbox(selfService: SelfServiceRepository(database: database), keyring: keyring, deadline: deadline)
    MessageRoutes(inbox: inbox).register(on: router)
    if settings.pages, case .success(let renderer) = PageRenderer.bundled {
        PageRoutes(
            renderer: renderer,
            positions: PositionPages(
                renderer: renderer, positions: PositionRepository(database: database),
                skills: VocabularyRepository(database: database, vocabulary: .skills),
                sources: VocabularyRepository(database: database, vocabulary: .sources),
                notices: PrivacyNoticeRepository(database: database), submitter: submitter, deadline: deadline),
            status: StatusPages(
                renderer: renderer, selfService: SelfServiceRepository(database: database), inbox: inbox, deadline: deadline)
        ).register(on: router)
    }
    return router
}
