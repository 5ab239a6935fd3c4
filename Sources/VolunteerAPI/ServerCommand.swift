import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import VolunteerCore
import VolunteerStore

/// `vtrack-server`: the public HTTP API.
public struct ServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vtrack-server",
        abstract: "Serve the applicant API and the applicants' pages over HTTP.",
        discussion: """
            Reads DATABASE_URL (or the PG* variables), VTRACK_BLIND_INDEX_KEY (required),
            VTRACK_HTTP_HOST, VTRACK_HTTP_PORT and VTRACK_LOG_LEVEL. Refuses to start until
            `vtrack migrate` has run. Connect as a login role in vtrack_api (and in
            vtrack_sealer if this server is to seal the audit chain).

            Slow and idle connections are closed (whole seconds, 1 to 3600):
              VTRACK_HTTP_HEADER_TIMEOUT  a request head must be complete this long after the
                                          connection opens, or after its first byte (default 10)
              VTRACK_HTTP_IDLE_TIMEOUT    a connection with no request, or a body that stops
                                          arriving, for this long (default 30)

            Rate limits, per client (an IPv4 address or an IPv6 /64), 0 for none:
              VTRACK_RATE_LIMIT_PER_CLIENT         writes a minute (default 10)
              VTRACK_RATE_LIMIT_GLOBAL             writes a second, all clients together (default 100)
              VTRACK_RATE_LIMIT_STATUS_PER_CLIENT  GET /v1/applications/me a minute (default 30)
              VTRACK_TRUSTED_PROXIES               proxies whose X-Forwarded-For is believed

            Metrics: Prometheus text at /metrics on VTRACK_METRICS_ADDRESS, a listener of its
            own (default 127.0.0.1:9464; `off` for none). Never expose it to the public.

            Pages: the applicants' own pages (/positions, the form, /status), in English,
            Russian, Ukrainian and Czech, unless VTRACK_PAGES=off (an API-only server).

            Retention: every VTRACK_RETENTION_INTERVAL seconds (default 3600; `off` for never)
            the server erases the applicants the retention policy makes due (`vtrack retention`).

            Exit codes: \(ExitStatus.usage.rawValue) bad configuration, \(ExitStatus.databaseUnavailable.rawValue) database unavailable, \(ExitStatus.refused.rawValue) schema not up to date.

            Example:
              DATABASE_URL=postgres://vtrack_server@127.0.0.1:54320/vtrack \\
              VTRACK_BLIND_INDEX_KEY="$(openssl rand -base64 32)" vtrack-server --port 8080
            """
    )

    @Option(help: "Address to listen on (default: $VTRACK_HTTP_HOST, then 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default: $VTRACK_HTTP_PORT, then 8080).")
    var port: Int?

    @Option(
        name: .customLong("database-url"),
        help:
            "postgres://user@host:port/database, without a password: that comes from $PGPASSWORD (default: $DATABASE_URL, then PG* variables)."
    )
    var databaseURL: String?

    @Option(help: "The migrations folder (default: $VTRACK_MIGRATIONS_DIR, then ./migrations).")
    var migrations: String?

    public init() {}

    public func run() async throws {
        let logger = Self.makeLogger()
        do {
            var server = try ServerSettings.fromEnvironment()
            if let host { server.host = host }
            if let port {
                guard (0...65535).contains(port) else { throw ServerSettingsError.invalidPort(variable: "--port", String(port)) }
                server.port = port
            }
            let blindIndex = try BlindIndexSetting.fromEnvironment()
            let settings =
                try databaseURL.map { try DatabaseSettings.fromArgument($0, named: "--database-url") } ?? DatabaseSettings.fromEnvironment()
            let migrationSet = try MigrationDirectory.load(MigrationDirectory.locate(explicit: migrations))
            // Checked on a pool of its own, before anything listens or seals.
            try await Database.withDatabase(settings, logger: logger) { database in
                try await ServerStartup.checkSchema(database: database, migrations: migrationSet, logger: logger)
                await ServerStartup.warnWithoutPrivacyNotice(database: database, logger: logger)
            }
            if server.pages, case .failure(let unreadable) = PageRenderer.bundled { throw unreadable }
            let database = Database(settings: settings, logger: logger, pool: .server(connections: server.databaseConnections))
            let application = buildApplication(database: database, settings: server, blindIndex: blindIndex, logger: logger)
            do {
                try await application.runService()
            } catch let error as IOError {
                throw ListenError(host: server.host, port: server.port, reason: error.description)
            }
        } catch {
            let (status, message) = Self.describe(error)
            logger.critical("cannot start", metadata: ["reason": "\(message)"])
            FileHandle.standardError.write(Data("vtrack-server: \(message)\n".utf8))
            throw ExitCode(status.rawValue)
        }
    }

    static func describe(_ error: any Error) -> (ExitStatus, String) {
        switch error {
        case let error as DatabaseUnavailable: (.databaseUnavailable, error.description)
        case let error as StartupError:
            if case .database(let unavailable) = error {
                (.databaseUnavailable, unavailable.description)
            } else {
                (.refused, error.description)
            }
        case let error as DatabaseSettingsError: (.usage, error.description)
        case let error as ServerSettingsError: (.usage, error.description)
        case MigrationError.directoryNotFound(let path):
            (.usage, "\(MigrationError.directoryNotFound(path)); pass --migrations DIR or set VTRACK_MIGRATIONS_DIR")
        case let error as MigrationError: (.usage, error.description)
        case let error as ListenError: (.refused, error.description)
        case let error as PageRenderer.PagesUnreadable: (.usage, error.description)
        // Only the type: an error's text or reflection can carry settings and secrets.
        default: (.refused, "unexpected \(String(reflecting: type(of: error)))")
        }
    }

    static func makeLogger() -> Logger {
        let level = ProcessInfo.processInfo.environment["VTRACK_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        return Logger(label: "vtrack-server")
    }
}

/// The address could not be bound (in use, or not ours).
struct ListenError: Error, CustomStringConvertible {
    let host: String
    let port: Int
    let reason: String

    var description: String { "cannot listen on \(host):\(port): \(reason)" }
}
