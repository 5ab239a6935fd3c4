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
    /// events up to it, read once for each week's end.
    func waiting(_ period: ReportPeriod, longest limit: Int = 25) async throws -> WeeklyReport.Waiting {
        async let unchanged = unchangedByAssignee(period)
        async let changedNow = changedWaiting(at: period.end)
        async let changedBefore = changedWaiting(at: period.start)
        async let longestUnchanged = longestUnchanged(at: period.end, limit: limit)
        var (week, previous) = try await unchanged
        let changed = try await changedNow
        for application in changed { week[application.assignee, default: 0] += 1 }
        for application in try await changedBefore { previous[application.assignee, default: 0] += 1 }
        let assignees = Set(week.keys).union(previous.keys).sorted { ($0 ?? "") < ($1 ?? "") }
        let byAssignee = assignees.map {
            WeeklyReport.AssigneeCount(assignee: $0, count: WeekOnWeek(week: week[$0] ?? 0, previous: previous[$0] ?? 0))
        }.sorted { $0.count.week.count > $1.count.week.count }
        let longest = (try await longestUnchanged + changed)
            .sorted { ($0.since, $0.id.uuidString) < ($1.since, $1.id.uuidString) }
            .prefix(limit)
            .map { $0.report(at: period.end) }
        return WeeklyReport.Waiting(
            total: WeekOnWeek(week: week.values.reduce(0, +), previous: previous.values.reduce(0, +)),
            byAssignee: byAssignee, longest: longest
        )
    }

    private func unchangedByAssignee(_ period: ReportPeriod) async throws -> (week: [String?: Int], previous: [String?: Int]) {
        var counts: (week: [String?: Int], previous: [String?: Int]) = ([:], [:])
        for try await (assignee, week, previous) in try await database.client.query(
            """
            SELECT a.assigned_to, count(*)::int,
                   count(*) FILTER (WHERE a.updated_at < \(period.start)::timestamptz - interval '7 days')::int
            FROM applications a
            WHERE a.status = ANY (\(ApplicationStatusArray(ApplicationStatus.active))::application_status[])
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

    /// The `limit` open applications unchanged longest before `end`.
    private func longestUnchanged(at end: Date, limit: Int) async throws -> [WaitingApplication] {
        try await waitingApplications(Self.longestUnchangedQuery(at: end, limit: limit))
    }

    static func longestUnchangedQuery(at end: Date, limit: Int) -> PostgresQuery {
        """
        SELECT a.id, p.slug, a.status::text, a.assigned_to, a.updated_at
        FROM applications a JOIN positions p ON p.id = a.position_id
        WHERE a.status = ANY (\(ApplicationStatusArray(ApplicationStatus.active))::application_status[])
          AND a.updated_at < \(end)::timestamptz - interval '7 days'
        ORDER BY a.updated_at, a.id LIMIT \(limit)
        """
    }

    /// The applications changed after `end` that were waiting at it; few,
    /// as only those that were waiting and have been answered since.
    private func changedWaiting(at end: Date) async throws -> [WaitingApplication] {
        var query = ListingQuery()
        query.sql = Self.changedSinceSQL(at: query.bind(end), waitingIn: query.bind(ApplicationStatus.active.map(\.rawValue)))
        return try await waitingApplications(query.postgresQuery)
    }

    private func waitingApplications(_ query: PostgresQuery) async throws -> [WaitingApplication] {
        var applications: [WaitingApplication] = []
        for try await (id, position, status, assignee, since) in try await database.client.query(query, logger: database.logger)
            .decode((UUID, String, String, String?, Date).self)
        {
            applications.append(WaitingApplication(id: id, position: position, status: status, assignee: assignee, since: since))
        }
        return applications
    }

    struct WaitingApplication {
        let id: UUID
        let position: String
        let status: String
        let assignee: String?
        /// The last change before the week's end.
        let since: Date

        func report(at end: Date) -> WeeklyReport.WaitingApplication {
            WeeklyReport.WaitingApplication(
                id: ShortID.display(id), position: position, status: status, assignee: assignee,
                waitingDays: Int((end.timeIntervalSince(since) / 86_400).rounded(.down))
            )
        }
    }

    /// Applications changed after `end` that were open (not on hold) then,
    /// with no change in the 7 days before it: (id, position, status,
    /// assignee, since), rebuilt from their events up to `end`. `active`
    /// binds the statuses that count as waiting, as text (events' states).
    private static func changedSinceSQL(at end: String, waitingIn active: String) -> String {
        """
        SELECT a.id, p.slug, last.to_state AS status, assigned.assignee, last.occurred_at AS since
        FROM applications a JOIN positions p ON p.id = a.position_id
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
          -- Implied by the next line; lets the planner set aside the applications with an
          -- event in the 7 days (one pass over them) before looking up anyone's last event.
          AND NOT EXISTS (SELECT 1 FROM events r
                          WHERE r.occurred_at >= \(end)::timestamptz - interval '7 days' AND r.occurred_at < \(end)::timestamptz
                            AND r.entity_type = 'application' AND r.entity_id = a.id)
          AND last.occurred_at < \(end)::timestamptz - interval '7 days'
          AND last.to_state = ANY (\(active)::text[])
        """
    }
}
