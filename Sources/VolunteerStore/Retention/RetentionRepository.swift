import Foundation
import PostgresNIO
import VolunteerCore

/// The retention policy and the erasure of those it makes due
/// (migrations/0014_retention.sql holds the rule; this only calls it).
public struct RetentionRepository: Sendable {
    /// Each batch is one transaction that locks only the applicants it
    /// erases (under a second for 5,000 here), so intake never waits on it.
    /// Measured over 60,000 due of 200,000: batches of 500 took 31.9 s,
    /// of 5,000 9.3 s (each batch pays a fixed cost to find its candidates),
    /// with intake's p99 alongside 64 and 39 ms.
    public static let defaultBatch = 5000

    let database: Database

    public init(database: Database) { self.database = database }

    public func policy() async throws -> [RetentionPeriod] {
        let rows = try await database.client.query(
            "SELECT outcome, days, changed_at FROM retention_periods ORDER BY days, outcome", logger: database.logger
        )
        var periods: [RetentionPeriod] = []
        for try await (outcome, days, changedAt) in rows.decode((String, Int, Date).self) {
            guard let outcome = RetentionOutcome(rawValue: outcome) else { continue }
            periods.append(RetentionPeriod(outcome: outcome, days: days, changedAt: changedAt))
        }
        return periods
    }

    /// Sets one outcome's period; the database writes `retention_policy.changed`.
    /// Returns the period it had before.
    @discardableResult
    public func setPeriod(_ outcome: RetentionOutcome, days: Int) async throws -> Int {
        if let problem = RetentionPeriodRule.problem(days: days) { throw ValidationFailure([FieldProblem("days", problem)]) }
        let rows = try await database.write(
            """
            UPDATE retention_periods r SET days = \(days) FROM retention_periods old
            WHERE r.outcome = \(outcome.rawValue) AND old.outcome = r.outcome
            RETURNING old.days
            """
        )
        guard let row = rows.first else { throw DomainError.notFound(entity: "retention outcome", id: outcome.rawValue) }
        return try row.decode(Int.self)
    }

    /// Who a run would erase now, counted by outcome and age.
    public func dryRun() async throws -> [RetentionCount] {
        let rows = try await database.client.query(
            "SELECT outcome, age, applicants FROM retention_dry_run()", logger: database.logger
        )
        var counts: [RetentionCount] = []
        for try await (outcome, age, applicants) in rows.decode((String, String, Int).self) {
            guard let outcome = RetentionOutcome(rawValue: outcome) else { continue }
            counts.append(RetentionCount(outcome: outcome, age: age, applicants: applicants))
        }
        return counts
    }

    /// One batch, in a transaction of its own, committed when this returns.
    public func eraseBatch(size: Int = defaultBatch, after: UUID? = nil) async throws -> RetentionBatch {
        let row = try await database.write("SELECT erased, resume_after FROM erase_due_applicants(\(size)::integer, \(after))")[0]
        let (erased, resumeAfter) = try row.decode((Int, UUID?).self)
        return RetentionBatch(erased: erased, resumeAfter: resumeAfter)
    }

    /// Batch after batch until every applicant has been looked at; `progress`
    /// hears each batch's count once it is committed. Returns the total.
    @discardableResult
    public func eraseDue(
        batchSize: Int = defaultBatch, progress: (Int) -> Void = { _ in }
    ) async throws -> Int {
        var total = 0
        var after: UUID?
        repeat {
            let batch = try await eraseBatch(size: batchSize, after: after)
            total += batch.erased
            progress(batch.erased)
            after = batch.resumeAfter
        } while after != nil
        return total
    }
}
