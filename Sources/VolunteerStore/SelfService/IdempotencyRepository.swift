import Foundation
import PostgresNIO

/// Idempotency-Keys, by hash: taken and completed by the statement that
/// submits an application (`ApplicationRepository.submit`), forgotten here.
public struct IdempotencyRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Forgets keys older than `age`; returns how many.
    @discardableResult
    public func purge(olderThan age: Duration) async throws -> Int {
        try await database.client.query(
            """
            WITH gone AS (DELETE FROM idempotency_keys WHERE started_at < now() - make_interval(secs => \(Double(age.components.seconds))) RETURNING 1)
            SELECT count(*)::bigint FROM gone
            """,
            logger: database.logger
        ).collect().first!.decode(Int.self)
    }
}
