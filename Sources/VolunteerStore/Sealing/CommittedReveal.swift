import Foundation
import PostgresNIO

extension Database {
    /// Logs a reveal and commits it (`request`, which returns the request's
    /// id), then reads: the database returns ciphertext only for a request
    /// whose transaction has committed, so the trace is kept whatever
    /// happens to the read. Both on one connection, the read after the
    /// COMMIT has answered.
    func withCommittedReveal(
        _ request: PostgresQuery, _ read: (PostgresConnection, UUID) async throws -> [PostgresRow]
    ) async throws -> [PostgresRow] {
        let logger = self.logger
        return try await client.withConnection { connection in
            let id = try await connection.transaction(logger: logger) { connection in
                try await connection.query(request, logger: logger).collect().first!.decode(UUID.self)
            }
            return try await read(connection, id)
        }
    }
}
