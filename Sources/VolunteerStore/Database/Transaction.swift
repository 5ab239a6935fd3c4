import Logging
import PostgresNIO

/// How a transaction begins.
public enum TransactionStart: Sendable, Equatable {
    /// PostgreSQL's default: read committed, reads and writes.
    case standard
    /// One snapshot for every statement, reading only. With `exported`, the
    /// snapshot another transaction exported (`pg_export_snapshot()`), so
    /// that connections reading side by side see the same state.
    case readOnlySnapshot(exported: String? = nil)

    /// Statements that must come first in the transaction.
    fileprivate var statements: [PostgresQuery] {
        switch self {
        case .standard:
            return []
        case .readOnlySnapshot(let exported):
            let setLevel: PostgresQuery = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
            guard let exported else { return [setLevel] }
            // Not a value PostgreSQL can bind; an exported snapshot's name is hex digits and dashes.
            let name = exported.filter { $0.isHexDigit || $0 == "-" }
            return [setLevel, "SET TRANSACTION SNAPSHOT \(unescaped: "'\(name)'")"]
        }
    }
}

extension PostgresConnection {
    /// The one way vtrack runs a transaction: `body` on this connection, then
    /// COMMIT if it returns, or ROLLBACK if it throws, in both cases before
    /// the connection goes back to its pool, so that no error path leaves a
    /// pooled connection inside a transaction. Rethrows `body`'s own error
    /// (PostgresNIO wraps it).
    func transaction<Result>(
        _ start: TransactionStart = .standard,
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await withTransaction(logger: logger, isolation: isolation) { connection in
                for statement in start.statements {
                    try await connection.query(statement, logger: logger)
                }
                return try await body(connection)
            }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.beginError ?? error.commitError ?? error
        }
    }
}
