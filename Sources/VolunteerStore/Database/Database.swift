import Logging
import PostgresNIO

/// The one way the rest of vtrack talks to PostgreSQL: a `PostgresClient`
/// pool that someone runs, plus the settings it came from.
public struct Database: Sendable {
    public let client: PostgresClient
    public let settings: DatabaseSettings
    public let logger: Logger

    public init(settings: DatabaseSettings, logger: Logger, pool: PoolShape = .onDemand(warm: 0)) {
        self.settings = settings
        self.logger = logger
        // The pool warns when a query arrives before run() has started, which
        // is a harmless race in short-lived commands (the query waits), and it
        // logs connection failures that the caller reports better itself.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .error)
        self.client = PostgresClient(
            configuration: settings.postgresClientConfiguration(pool),
            backgroundLogger: poolLogger
        )
    }

    /// Connects once, outside the pool, so that a wrong host, port or password
    /// is reported with its real cause within the connect timeout instead of
    /// queueing inside the pool.
    public static func checkReachable(_ settings: DatabaseSettings, logger: Logger) async throws(DatabaseUnavailable) {
        do {
            let configuration = try settings.postgresConnectionConfiguration()
            try await withTimeout(settings.connectTimeout + .seconds(1)) {
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: 0, logger: logger
                )
                do {
                    try await connection.query("SELECT 1", logger: logger)
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            }
        } catch {
            throw DatabaseUnavailable(settings: settings, error: error)
        }
    }

    /// For short-lived commands: checks the database, runs the pool for the
    /// duration of `body`, then shuts it down.
    @discardableResult
    public static func withDatabase<Result: Sendable>(
        _ settings: DatabaseSettings,
        logger: Logger,
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        // The pool opens its connection while the probe opens its own, so a
        // command pays for one connection's start-up, not two in a row.
        let database = Database(settings: settings, logger: logger, pool: .onDemand(warm: 1))
        // Not a child task: a task group would wait for the pool to wind down,
        // and the pool can take its time closing connections it is still opening.
        let pool = Task { await database.client.run() }
        defer { pool.cancel() }
        try await checkReachable(settings, logger: logger)
        return try await body(database)
    }

    /// One business operation, one transaction, on a connection of the
    /// pool: commits if `body` returns, rolls back if it throws (see
    /// `PostgresConnection.transaction`).
    public func withTransaction<Result: Sendable>(
        _ start: TransactionStart = .standard,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> Result {
        let logger = self.logger
        return try await client.withConnection(isolation: isolation) { connection in
            try await connection.transaction(start, logger: logger, isolation: isolation, body)
        }
    }

    /// One statement that changes something, returning its rows only once
    /// its commit has completed. Alone, a statement commits in an implicit
    /// transaction at the protocol's Sync, after PostgresNIO has already
    /// handed back its rows (at CommandComplete): a crash in between would
    /// lose a write its caller was told is done. An explicit COMMIT answers
    /// only after committing. Every write goes through here or through
    /// `withTransaction`.
    @discardableResult
    public func write(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withTransaction { connection in
            try await connection.query(query, logger: logger).collect()
        }
    }

    /// True when a trivial query answers within `timeout`.
    public func isReady(timeout: Duration = .seconds(2)) async -> Bool {
        let client = self.client
        let logger = self.logger
        do {
            try await withTimeout(timeout) {
                try await client.query("SELECT 1", logger: logger)
            }
            return true
        } catch {
            return false
        }
    }
}
