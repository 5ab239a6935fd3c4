import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerTestSupport

@testable import VolunteerStore

/// Statuses bound from `ApplicationStatus` leave PostgreSQL as free to use a
/// partial index as the literal they replaced did.
@Suite struct StatusBindingPlanTests {
    @Test func theLongestWaitingStillUseThePartialIndexOnOpenApplications() async throws {
        try await TestDatabase.withMigrated { test in
            // Left no other index for the order and no sequential scan, the plan shows
            // whether the partial index's `status IN (…)` was proved from the bound statuses.
            try await test.superuser("DROP INDEX applications_by_last_change, applications_by_status")
            let plan = try await test.withDatabase { database in
                try await database.withTransaction { connection in
                    try await connection.query("SET LOCAL enable_seqscan = off", logger: database.logger)
                    let query = WeeklyReportRepository.longestUnchangedQuery(at: Date(), limit: 25)
                    return try await connection.query(
                        PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds), logger: database.logger
                    )
                    .collect().map { try $0.decode(String.self) }.joined(separator: "\n")
                }
            }
            #expect(plan.contains("applications_open_by_last_change"), "\(plan)")
        }
    }
}
