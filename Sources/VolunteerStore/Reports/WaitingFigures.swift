import Foundation
import PostgresNIO
import VolunteerCore

extension WeeklyReportRepository {
    /// How many waited at the end of each week, and the longest waiting at
    /// the end of the report's.
    ///
    /// Applications open now and unchanged since 7 days before a week's end
    /// were waiting then; one pass over the open ones by last change counts
    /// both weeks. Those changed after a week's end are judged by their
    /// events up to it.
    func waiting(_ period: ReportPeriod, longest limit: Int = 25) async throws -> WeeklyReport.Waiting {
        async let unchanged = unchangedByAssignee(period)
        async let changedNow = changedByAssignee(at: period.end)
        async let changedBefore = changedByAssignee(at: period.start)
        async let longest = longestWaiting(at: period.end, limit: limit)
        var (week, previous) = try await unchanged
        for (assignee, count) in try await changedNow { week[assignee, default: 0] += count }
        for (assignee, count) in try await changedBefore { previous[assignee, default: 0] += count }
        let assignees = Set(week.keys).union(previous.keys).sorted { ($0 ?? "") < ($1 ?? "") }
        let byAssignee = assignees.map {
            WeeklyReport.AssigneeCount(assignee: $0, count: WeekOnWeek(week: week[$0] ?? 0, previous: previous[$0] ?? 0))
        }.sorted { $0.count.week.count > $1.count.week.count }
        return WeeklyReport.Waiting(
            total: WeekOnWeek(week: week.values.reduce(0, +), previous: previous.values.reduce(0, +)),
            byAssignee: byAssignee, longest: try await longest
        )
    }

    private func unchangedByAssignee(_ period: ReportPeriod) async throws -> (week: [String?: Int], previous: [String?: Int]) {
        var counts: (week: [String?: Int], previous: [String?: Int]) = ([:], [:])
        for try await (assignee, week, previous) in try await database.client.query(
            """
            SELECT a.assigned_to, count(*)::int,
                   count(*) FILTER (WHERE a.updated_at < \(period.start)::timestamptz - interval '7 days')::int
            FROM applications a
            WHERE a.status IN ('submitted', 'screening', 'interview', 'offered')
              AND a.updated_at < \(period.end)::timestamptz - interval '7 days'
            GROUP BY 1
            """,
            logger: database.logger
        ).decode((String?, Int, Int).self) {
            if week > 0 { counts.week[assignee] = week }
            if previous > 0 { counts.previous[assignee] = previous }
        }
        return counts
    }

    private func changedByAssignee(at end: Date) async throws -> [String?: Int] {
        var query = ListingQuery()
        let changed = Self.changedSinceSQL(at: query.bind(end))
        query.sql = "SELECT assignee, count(*)::int FROM (\(changed)) w GROUP BY assignee"
        var counts: [String?: Int] = [:]
        for try await (assignee, count) in try await database.client.query(query.postgresQuery, logger: database.logger)
            .decode((String?, Int).self) {
            counts[assignee] = count
        }
        return counts
    }

    private func longestWaiting(at end: Date, limit: Int) async throws -> [WeeklyReport.WaitingApplication] {
        var query = ListingQuery()
        let (endBind, limitBind) = (query.bind(end), query.bind(limit))
        query.sql = """
            SELECT w.id, p.slug, w.status, w.assignee, floor(extract(epoch FROM \(endBind)::timestamptz - w.since) / 86400)::int
            FROM (
                (SELECT a.id, a.position_id, a.status::text AS status, a.assigned_to AS assignee, a.updated_at AS since
                 FROM applications a
                 WHERE a.status IN ('submitted', 'screening', 'interview', 'offered')
                   AND a.updated_at < \(endBind)::timestamptz - interval '7 days'
                 ORDER BY a.updated_at, a.id LIMIT \(limitBind))
                UNION ALL
                \(Self.changedSinceSQL(at: endBind))
            ) w JOIN positions p ON p.id = w.position_id
            ORDER BY w.since, w.id
            LIMIT \(limitBind)
            """
        var longest: [WeeklyReport.WaitingApplication] = []
        for try await (id, position, status, assignee, days) in try await database.client.query(query.postgresQuery, logger: database.logger)
            .decode((UUID, String, String, String?, Int).self) {
            longest.append(.init(id: ShortID.display(id), position: position, status: status, assignee: assignee, waitingDays: days))
        }
        return longest
    }

    /// Applications changed after `end` that were open (not on hold) then,
    /// with no change in the 7 days before it: (id, position_id, status,
    /// assignee, since), rebuilt from their events up to `end`.
    private static func changedSinceSQL(at end: String) -> String {
        """
        SELECT a.id, a.position_id, last.to_state AS status, assigned.assignee, last.occurred_at AS since
        FROM applications a
        CROSS JOIN LATERAL (
            SELECT e.occurred_at, e.to_state FROM events e
            WHERE e.entity_type = 'application' AND e.entity_id = a.id AND e.occurred_at < \(end)::timestamptz
            ORDER BY e.seq DESC LIMIT 1) last
        LEFT JOIN LATERAL (
            SELECT e.payload ->> 'assignee' AS assignee FROM events e
            WHERE e.entity_type = 'application' AND e.entity_id = a.id AND e.event_type = 'application.assigned'
              AND e.occurred_at < \(end)::timestamptz
            ORDER BY e.seq DESC LIMIT 1) assigned ON true
        WHERE a.updated_at >= \(end)::timestamptz AND a.submitted_at < \(end)::timestamptz - interval '7 days'
          AND last.occurred_at < \(end)::timestamptz - interval '7 days'
          AND last.to_state IN ('submitted', 'screening', 'interview', 'offered')
        """
    }
}
