import Foundation
import PostgresNIO
import VolunteerCore

/// One row of `vtrack applications list`: nothing personal.
public struct ApplicationSummary: Sendable, Equatable, Codable {
    public let id: UUID
    public let applicantID: UUID
    public let position: String
    public let status: ApplicationStatus
    public let submittedAt: Date
    public let updatedAt: Date
    public let assignedTo: String?
    /// Another applicant gave the same e-mail (by blind index).
    public let possibleDuplicate: Bool
}

public struct ApplicationFilter: Sendable {
    public var statuses: [ApplicationStatus]
    public var position: String?
    public var limit: Int

    public init(statuses: [ApplicationStatus] = [], position: String? = nil, limit: Int = 50) {
        self.statuses = statuses
        self.position = position
        self.limit = limit
    }
}

extension ApplicationRepository {
    /// Newest first.
    public func list(_ filter: ApplicationFilter) async throws -> [ApplicationSummary] {
        let rows = try await database.client.query(
            """
            SELECT a.id, a.applicant_id, p.slug, a.status::text, a.submitted_at, a.updated_at, a.assigned_to,
                   EXISTS (SELECT 1 FROM applicants o WHERE o.email_index = ap.email_index AND o.id <> ap.id)
            FROM applications a
            JOIN positions p ON p.id = a.position_id
            JOIN applicants ap ON ap.id = a.applicant_id
            WHERE (cardinality(\(filter.statuses.map(\.rawValue))::text[]) = 0 OR a.status::text = ANY (\(filter.statuses.map(\.rawValue))::text[]))
              AND (\(filter.position)::text IS NULL OR p.slug = \(filter.position))
            ORDER BY a.submitted_at DESC, a.id
            LIMIT \(filter.limit)
            """,
            logger: database.logger
        )
        var summaries: [ApplicationSummary] = []
        for try await (id, applicant, position, status, submitted, updated, assignee, duplicate) in rows.decode(
            (UUID, UUID, String, String, Date, Date, String?, Bool).self
        ) {
            summaries.append(ApplicationSummary(
                id: id, applicantID: applicant, position: position, status: ApplicationStatus(rawValue: status)!,
                submittedAt: submitted, updatedAt: updated, assignedTo: assignee, possibleDuplicate: duplicate
            ))
        }
        return summaries
    }
}
