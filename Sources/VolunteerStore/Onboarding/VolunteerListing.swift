import Foundation
import PostgresNIO
import VolunteerCore

extension VolunteerRepository {
    public func resolve(_ shortID: ShortID) async throws -> UUID {
        try await database.resolve(shortID, in: .volunteers)
    }

    /// Volunteers with their onboarding's progress, newest first (then by id,
    /// so that pages of `limit` after `offset` neither overlap nor skip).
    public func list(
        statuses: [VolunteerStatus] = [], position: String? = nil, id: UUID? = nil, limit: Int = 10_000, offset: Int = 0
    ) async throws -> [VolunteerProgress] {
        var query = ListingQuery()
        if !statuses.isEmpty { query.require("v.status = ANY (\(query.bind(statuses.map(\.rawValue)))::volunteer_status[])") }
        if let position { query.require("p.slug = \(query.bind(position))") }
        if let id { query.require("v.id = \(query.bind(id))") }
        let page = "LIMIT \(query.bind(limit)) OFFSET \(query.bind(offset))"
        query.sql = """
            SELECT v.id, v.application_id, p.slug, v.status::text, v.started_at, ap.time_zone, a.assigned_to,
                   count(t.id) FILTER (WHERE t.state <> 'cancelled'),
                   count(t.id) FILTER (WHERE t.state IN ('done', 'skipped')),
                   count(t.id) FILTER (WHERE t.state = 'open'),
                   count(t.id) FILTER (WHERE t.state = 'open' AND t.due_date < \(OnboardingRepository.today))
            FROM volunteers v
            JOIN positions p ON p.id = v.position_id
            JOIN applicants ap ON ap.id = v.applicant_id
            JOIN applications a ON a.id = v.application_id
            LEFT JOIN onboarding_tasks t ON t.volunteer_id = v.id
            \(query.whereClause)
            GROUP BY v.id, p.slug, ap.time_zone, a.assigned_to
            ORDER BY v.started_at DESC, v.id
            \(page)
            """
        var volunteers: [VolunteerProgress] = []
        let rows = try await database.client.query(query.postgresQuery, logger: database.logger)
        for try await (id, application, position, status, started, zone, coordinator, tasks, done, open, overdue) in rows.decode(
            (UUID, UUID, String, String, Date, String?, String?, Int, Int, Int, Int).self
        ) {
            volunteers.append(
                VolunteerProgress(
                    id: id, shortId: ShortID.display(id), applicationId: application, position: position,
                    status: VolunteerStatus(rawValue: status)!, startedAt: started, timeZone: zone, coordinator: coordinator,
                    tasks: tasks, done: done, open: open, overdue: overdue
                ))
        }
        return volunteers
    }
}
