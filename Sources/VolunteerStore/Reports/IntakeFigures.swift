import Foundation
import PostgresNIO
import VolunteerCore

extension WeeklyReportRepository {
    func intake(_ period: ReportPeriod) async throws -> WeeklyReport.Intake {
        let client = database.client
        let logger = database.logger
        let (previous, start, end) = (period.previousStart, period.start, period.end)
        var byPosition: [WeeklyReport.PositionCount] = []
        for try await (slug, title, week, before) in try await client.query(
            """
            SELECT p.slug, p.title, count(*) FILTER (WHERE a.submitted_at >= \(start))::int, count(*) FILTER (WHERE a.submitted_at < \(start))::int
            FROM applications a JOIN positions p ON p.id = a.position_id
            WHERE a.submitted_at >= \(previous) AND a.submitted_at < \(end)
            GROUP BY p.slug, p.title
            ORDER BY 3 DESC, 4 DESC, p.slug
            """,
            logger: logger
        ).decode((String, String, Int, Int).self) {
            byPosition.append(.init(slug: slug, title: title, count: WeekOnWeek(week: week, previous: before)))
        }
        var bySource: [WeeklyReport.GroupCount] = []
        for try await (source, week, before) in try await client.query(
            """
            SELECT coalesce(a.source, 'none'), count(*) FILTER (WHERE a.submitted_at >= \(start))::int,
                   count(*) FILTER (WHERE a.submitted_at < \(start))::int
            FROM applications a
            WHERE a.submitted_at >= \(previous) AND a.submitted_at < \(end)
            GROUP BY 1
            ORDER BY 2 DESC, 3 DESC, 1
            """,
            logger: logger
        ).decode((String, Int, Int).self) {
            bySource.append(.init(group: source, count: WeekOnWeek(week: week, previous: before)))
        }
        let applied = byPosition.filter { $0.count.week.count > 0 }.map(\.slug)
        var quiet: [WeeklyReport.PositionSummary] = []
        for try await (slug, title, ever) in try await client.query(
            """
            SELECT p.slug, p.title, (SELECT count(*) FROM applications a WHERE a.position_id = p.id)::int
            FROM positions p
            WHERE p.status = 'open' AND p.slug <> ALL (\(applied)::text[])
            ORDER BY p.slug
            """,
            logger: logger
        ).decode((String, String, Int).self) {
            quiet.append(.init(slug: slug, title: title, applicationsEver: ever))
        }
        var perWeek = [Int](repeating: 0, count: 12)
        for try await (bucket, count) in try await client.query(
            """
            SELECT width_bucket(a.submitted_at, \(period.boundaries)::timestamptz[]), count(*)::int
            FROM applications a
            WHERE a.submitted_at >= \(period.trendStart) AND a.submitted_at < \(end)
            GROUP BY 1
            """,
            logger: logger
        ).decode((Int, Int).self) where (1...12).contains(bucket) {
            perWeek[bucket - 1] = count
        }
        let total = WeekOnWeek(week: perWeek[11], previous: perWeek[10])
        return WeeklyReport.Intake(
            total: total, byPosition: byPosition, bySource: bySource, openPositionsWithoutApplications: quiet,
            lastTwelveWeeks: zip(period.spans, perWeek).map { WeeklyReport.WeekCount(week: $0.description, count: $1) }
        )
    }
}
