import Foundation
import PostgresNIO
import VolunteerCore

extension WeeklyReportRepository {
    /// Rejections in the period and the one before, by the reason their
    /// status change recorded: every reason, those no rejection gave at 0.
    func rejections(_ period: ReportPeriod) async throws -> WeeklyReport.Rejections {
        var counts: [String: WeekOnWeek] = [:]
        for try await (reason, week, previous) in try await database.client.query(
            """
            SELECT coalesce(e.payload ->> 'reason', 'unknown'),
                   count(*) FILTER (WHERE e.occurred_at >= \(period.start))::int,
                   count(*) FILTER (WHERE e.occurred_at < \(period.start))::int
            FROM events e
            WHERE e.event_type = 'application.status_changed' AND e.to_state = 'rejected'
              AND e.occurred_at >= \(period.previousStart) AND e.occurred_at < \(period.end)
            GROUP BY 1
            """,
            logger: database.logger
        ).decode((String, Int, Int).self) {
            counts[reason] = WeekOnWeek(week: week, previous: previous)
        }
        let known = RejectionReason.allCases.map(\.rawValue)
        let reasons = known + counts.keys.filter { !known.contains($0) }.sorted()
        return WeeklyReport.Rejections(
            byReason: reasons.map { WeeklyReport.GroupCount(group: $0, count: counts[$0] ?? WeekOnWeek(week: 0, previous: 0)) }
        )
    }

    /// Applications submitted in the 12 weeks up to the period's end, by
    /// source, and those of them accepted before the end (an accepted
    /// application stays accepted; `decided_at` is when).
    func conversionBySource(_ period: ReportPeriod) async throws -> WeeklyReport.ConversionBySource {
        var sources: [WeeklyReport.SourceConversion] = []
        for try await (source, applications, accepted) in try await database.client.query(
            """
            SELECT coalesce(a.source, 'none'), count(*)::int,
                   count(*) FILTER (WHERE a.status = 'accepted' AND a.decided_at < \(period.end))::int
            FROM applications a
            WHERE a.submitted_at >= \(period.conversionStart) AND a.submitted_at < \(period.end)
            GROUP BY 1
            ORDER BY 2 DESC, 1
            """,
            logger: database.logger
        ).decode((String, Int, Int).self) {
            sources.append(WeeklyReport.SourceConversion(source: source, applications: applications, accepted: accepted))
        }
        return WeeklyReport.ConversionBySource(
            firstDay: period.endDay.adding(days: -84), lastDay: period.lastDay, sources: sources
        )
    }
}
