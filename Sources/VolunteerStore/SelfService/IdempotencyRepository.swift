import Foundation
import PostgresNIO

/// Idempotency-Keys, by hash: taken and completed by the statement that
/// submits an application (`ApplicationRepository.submit`), forgotten here.
public struct IdempotencyRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Forgets keys older than `age` (the database keeps any key a day at least); returns how many.
    @discardableResult
    public func purge(olderThan age: Duration) async throws -> Int {
        try await database.write(
            "SELECT forget_idempotency_keys(make_interval(secs => \(Double(age.components.seconds))))"
        ).first!.decode(Int.self)
    }
}
