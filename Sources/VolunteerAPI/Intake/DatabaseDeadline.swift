import VolunteerStore

/// A route's database work, bounded: with the database down the pool would
/// hold a query for up to a minute; the applicant gets a 503 sooner.
enum DatabaseDeadline {
    static let limit: Duration = .seconds(5)

    static func run<Result: Sendable>(_ body: @Sendable @escaping () async throws -> Result) async throws -> Result {
        try await withTimeout(limit, operation: body)
    }
}
