import VolunteerCore
import VolunteerStore

/// A route's database work, bounded: with the database down the pool would
/// hold a query for up to a minute; the applicant gets a 503 sooner. Each
/// call is counted while it runs, and timed.
struct DatabaseDeadline: Sendable {
    static let limit: Duration = .seconds(5)
    let metrics: ServerMetrics

    func run<Result: Sendable>(_ body: @Sendable @escaping () async throws -> Result) async throws -> Result {
        let started = ContinuousClock.now
        metrics.databaseCallStarted()
        do {
            let result = try await withTimeout(Self.limit, operation: body)
            metrics.databaseCallEnded(after: .now - started, failure: nil)
            return result
        } catch {
            metrics.databaseCallEnded(after: .now - started, failure: Self.failure(error))
            throw error
        }
    }

    /// A refusal the database was meant to give (a conflict, an unknown
    /// token) is an answer, not a failure.
    static func failure(_ error: any Error) -> String? {
        switch error {
        case is TimeoutError: "timeout"
        case _ where meansDatabaseUnavailable(error): "unavailable"
        case is DomainError, is IdempotencyConflict: nil
        default: "error"
        }
    }
}
