import Foundation
import PostgresNIO
import VolunteerCore

extension WeeklyReportRepository {
    /// How many waited at the end of each week, and the longest waiting at
    /// the end of the report's.
    func waiting(_ period: ReportPeriod, longest limit: Int = 25) async throws -> WeeklyReport.Waiting {
        async let now = waitingByAssignee(at: period.end)
        async let before = waitingByAssignee(at: period.start)
        async let longest = longestWaiting(at: period.end, limit: limit)
        let (week, previous) = try await (now, before)
        let assignees = Set(week.keys).union(previous.keys).sorted { ($0 ?? "") < ($1 ?? "") }
        let byAssignee = assignees.map {
            WeeklyReport.AssigneeCount(assignee: $0, count: WeekOnWeek(week: week[$0] ?? 0, previous: previous[$0] ?? 0))
        }.sorted { $0.count.week.count > $1.count.week.count }
        return WeeklyReport.Waiting(
            total: WeekOnWeek(week: week.values.reduce(0, +), previous: previous.values.reduce(0, +)),
            byAssignee: byAssignee, longest: try await longest
        )
    }

    private func waitingByAssignee(at end: Date) async throws -> [String?: Int] {
        var counts: [String?: Int] = [:]
        var query = ListingQuery()
        let waiting = Self.waitingSQL(at: query.bind(end))
        query.sql = "SELECT assignee, count(*)::int FROM (\(waiting)) w GROUP BY assignee"
        for try await (assignee, count) in try await database.client.query(query.postgresQuery, logger: database.logger)
            .decode((String?, Int).self) {
            counts[assignee] = count
        }
        return counts
    }

    private func longestWaiting(at end: Date, limit: Int) async throws -> [WeeklyReport.WaitingApplication] {
        var longest: [WeeklyReport.WaitingApplication] = []
        var query = ListingQuery()
        let endBind = query.bind(end)
        query.sql = """
            SELECT w.id, p.slug, w.status, w.assignee, floor(extract(epoch FROM \(endBind)::timestamptz - w.since) / 86400)::int
            FROM (\(Self.waitingSQL(at: endBind))) w JOIN positions p ON p.id = w.position_id
            ORDER BY w.since, w.id
            LIMIT \(query.bind(limit))
            """
        for try await (id, position, status, assignee, days) in try await database.client.query(query.postgresQuery, logger: database.logger)
            .decode((UUID, String, String, String?, Int).self) {
            longest.append(.init(id: ShortID.display(id), position: position, status: status, assignee: assignee, waitingDays: days))
        }
        return longest
    }

    /// Applications open (and not on hold) at `end` whose last change was
    /// more than 7 days before it: (id, position_id, status, assignee, since).
    /// Those unchanged since come from the table; those changed after `end`
    /// are rebuilt from their last events up to `end`.
    private static func waitingSQL(at end: String) -> String {
        """
        SELECT a.id, a.position_id, a.status::text AS status, a.assigned_to AS assignee, a.updated_at AS since
        FROM applications a
        WHERE a.status IN ('submitted', 'screening', 'interview', 'offered') AND a.updated_at < \(end)::timestamptz - interval '7 days'
        UNION ALL
        SELECT a.id, a.position_id, last.to_state, assigned.assignee, last.occurred_at
        FROM applications a
        CROSS JOIN LATERAL (
            SELECT e.occurred_at, e.to_state FROM events e
            WHERE e.entity_type = 'application' AND e.entity_id = a.id AND e.occurred_at < \(end)::timestamptz
            ORDER BY e.seq DESC LIMIT 1) last
        LEFT JOIN LATERAL (
            SELECT e.payload ->> 'assignee' AS assignee FROM events e
            WHERE e.entity_type = 'application' AND e.entity_id = a.id AND e.event_type = 'application.assigned' AND e.occurred_at < \(end)::timestamptz
            ORDER BY e.seq DESC LIMIT 1) assigned ON true
        WHERE a.updated_at >= \(end)::timestamptz AND a.submitted_at < \(end)::timestamptz - interval '7 days'
          AND last.occurred_at < \(end)::timestamptz - interval '7 days'
          AND last.to_state IN ('submitted', 'screening', 'interview', 'offered')
        """
    }
}
