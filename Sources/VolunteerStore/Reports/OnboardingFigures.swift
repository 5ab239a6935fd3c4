import Foundation
import PostgresNIO
import VolunteerCore

extension WeeklyReportRepository {
    /// Volunteers accepted and activated in each week; tasks overdue at the
    /// end of each (open then, due before that Monday), by assignee.
    func onboarding(_ period: ReportPeriod) async throws -> WeeklyReport.Onboarding {
        let (previous, start, end) = (period.previousStart, period.start, period.end)
        let (startDay, endDay) = (period.firstDay.description, period.endDay.description)
        var started = WeekOnWeek(week: 0, previous: 0)
        for try await (week, before) in try await database.client.query(
            """
            SELECT count(*) FILTER (WHERE v.started_at >= \(start))::int, count(*) FILTER (WHERE v.started_at < \(start))::int
            FROM volunteers v WHERE v.started_at >= \(previous) AND v.started_at < \(end)
            """,
            logger: database.logger
        ).decode((Int, Int).self) {
            started = WeekOnWeek(week: week, previous: before)
        }
        var completed = WeekOnWeek(week: 0, previous: 0)
        for try await (week, before) in try await database.client.query(
            """
            SELECT count(*) FILTER (WHERE e.occurred_at >= \(start))::int, count(*) FILTER (WHERE e.occurred_at < \(start))::int
            FROM events e
            WHERE e.event_type = 'volunteer.status_changed' AND e.from_state = 'onboarding' AND e.to_state = 'active'
              AND e.occurred_at >= \(previous) AND e.occurred_at < \(end)
            """,
            logger: database.logger
        ).decode((Int, Int).self) {
            completed = WeekOnWeek(week: week, previous: before)
        }
        var byAssignee: [WeeklyReport.AssigneeCount] = []
        for try await (assignee, week, before) in try await database.client.query(
            """
            SELECT CASE WHEN t.performer = 'volunteer' THEN NULL ELSE coalesce(t.assignee, '(unassigned)') END,
                   count(*) FILTER (WHERE t.due_date < \(endDay)::date AND t.created_at < \(end)
                                      AND (t.state = 'open' OR t.closed_at >= \(end)))::int,
                   count(*) FILTER (WHERE t.due_date < \(startDay)::date AND t.created_at < \(start)
                                      AND (t.state = 'open' OR t.closed_at >= \(start)))::int
            FROM onboarding_tasks t
            WHERE t.due_date < \(endDay)::date AND (t.state = 'open' OR t.closed_at >= \(start))
            GROUP BY 1
            HAVING count(*) FILTER (WHERE t.due_date < \(endDay)::date AND t.created_at < \(end)
                                      AND (t.state = 'open' OR t.closed_at >= \(end))) > 0
                OR count(*) FILTER (WHERE t.due_date < \(startDay)::date AND t.created_at < \(start)
                                      AND (t.state = 'open' OR t.closed_at >= \(start))) > 0
            ORDER BY 2 DESC, 1 NULLS FIRST
            """,
            logger: database.logger
        ).decode((String?, Int, Int).self) {
            byAssignee.append(.init(assignee: assignee, count: WeekOnWeek(week: week, previous: before)))
        }
        return WeeklyReport.Onboarding(
            started: started, completed: completed,
            overdueTasks: WeekOnWeek(
                week: byAssignee.reduce(0) { $0 + $1.count.week.count }, previous: byAssignee.reduce(0) { $0 + $1.count.previous.count }
            ),
            overdueByAssignee: byAssignee
        )
    }
}
