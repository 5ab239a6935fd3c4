import Foundation
import Logging
import PostgresNIO
import VolunteerCore

/// Applies `migrations/*.sql` in order, each file in its own transaction, and
/// records them in `schema_migrations`.
public struct MigrationRunner: Sendable {
    public let migrations: MigrationSet
    let logger: Logger

    /// Runners on any number of machines serialise on this advisory lock.
    static let lockKey: Int64 = 0x7674_7261_636B_4D67

    public init(migrations: MigrationSet, logger: Logger) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Every known file plus anything the database has that no file explains.
    public func status(on database: Database) async throws -> [MigrationStatus] {
        let applied = try await database.client.withConnection { connection in
            try await Self.readApplied(connection, logger: logger)
        }
        return MigrationStatus.compare(files: migrations, applied: applied)
    }

    /// Applies what is pending and returns it; a re-run applies nothing.
    @discardableResult
    public func migrate(on database: Database) async throws -> [Migration] {
        try await database.client.withConnection { connection in
            try await withAdvisoryLock(connection) {
                try await connection.query(Self.createTable, logger: logger)
                let applied = try await Self.readApplied(connection, logger: logger)
                let status = MigrationStatus.compare(files: migrations, applied: applied)
                if let changed = status.first(where: { $0.state == .changed }) {
                    throw MigrationError.checksumMismatch(fileName: changed.fileName)
                }
                let pending = migrations.migrations.filter { migration in
                    status.contains { $0.version == migration.version && $0.state == .pending }
                }
                for migration in pending {
                    try await apply(migration, on: connection)
                }
                return pending
            }
        }
    }

    private func apply(_ migration: Migration, on connection: PostgresConnection) async throws {
        let statements = try migration.statements()
        let started = ContinuousClock.now
        try await connection.transaction(logger: logger) { connection in
            for statement in statements {
                do {
                    try await connection.query(PostgresQuery(unsafeSQL: statement.text), logger: logger)
                } catch let error as PSQLError {
                    throw MigrationError.failed(
                        fileName: migration.fileName, line: statement.line, reason: error.serverSummary
                    )
                }
            }
            let milliseconds = Int((ContinuousClock.now - started) / .milliseconds(1))
            try await connection.query(
                """
                INSERT INTO schema_migrations (version, name, checksum, execution_ms)
                VALUES (\(migration.version), \(migration.name), \(migration.checksum), \(milliseconds))
                """,
                logger: logger
            )
        }
        logger.info("applied migration", metadata: ["migration": "\(migration.fileName)"])
    }

    private func withAdvisoryLock<Result>(
        _ connection: PostgresConnection,
        _ body: () async throws -> Result
    ) async throws -> Result {
        let acquired =
            try await connection.query(
                "SELECT pg_try_advisory_lock(\(Self.lockKey))", logger: logger
            ).collect().first?.decode(Bool.self) ?? false
        if !acquired {
            logger.info("waiting for another migration runner to finish")
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
        }
        do {
            let result = try await body()
            try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            return result
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            throw error
        }
    }

    static let createTable: PostgresQuery = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version      integer PRIMARY KEY,
            name         text NOT NULL,
            checksum     text NOT NULL,
            applied_at   timestamptz NOT NULL DEFAULT now(),
            execution_ms integer NOT NULL
        )
        """

    static func readApplied(_ connection: PostgresConnection, logger: Logger) async throws -> [AppliedMigration] {
        let exists =
            try await connection.query(
                "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger
            ).collect().first?.decode(Bool.self) ?? false
        guard exists else { return [] }
        var applied: [AppliedMigration] = []
        let rows = try await connection.query(
            "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version",
            logger: logger
        )
        for try await (version, name, checksum, appliedAt) in rows.decode((Int, String, String, Date).self) {
            applied.append(AppliedMigration(version: version, name: name, checksum: checksum, appliedAt: appliedAt))
        }
        return applied
    }
}

public struct AppliedMigration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let checksum: String
    public let appliedAt: Date
}
