import Foundation
import PostgresNIO
import VolunteerCore

/// Everything `vtrack applications show` prints about one application,
/// apart from personal data. Encodes as the summary's fields and its own.
public struct ApplicationDetail: Sendable, Encodable {
    public let summary: ApplicationSummary
    public let positionTitle: String
    public let heldFrom: ApplicationStatus?
    public let rejectionReason: RejectionReason?
    public let source: String?
    public let timeZone: String?
    public let hoursPerWeek: Double?
    public let erased: Bool
    /// Who asked: `applicant`, `request`, `retention`, `duplicate` or `other`.
    public let erasureReason: String?
    /// The privacy notice the applicant accepted, and when.
    public let privacyNotice: String?
    public let consentedAt: Date?
    public let version: Int
    /// Oldest first: the application's events and its applicant's.
    public let timeline: [TimelineEntry]
    /// The same applicant's, or another applicant's with the same e-mail.
    public let related: [RelatedApplication]

    enum CodingKeys: String, CodingKey {
        case positionTitle, heldFrom, rejectionReason, source, timeZone, hoursPerWeek, erased, erasureReason, privacyNotice, consentedAt
        case version, timeline, related
    }

    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(positionTitle, forKey: .positionTitle)
        try container.encode(heldFrom, forKey: .heldFrom)
        try container.encode(rejectionReason, forKey: .rejectionReason)
        try container.encode(source, forKey: .source)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(hoursPerWeek, forKey: .hoursPerWeek)
        try container.encode(erased, forKey: .erased)
        try container.encode(erasureReason, forKey: .erasureReason)
        try container.encode(privacyNotice, forKey: .privacyNotice)
        try container.encode(consentedAt, forKey: .consentedAt)
        try container.encode(version, forKey: .version)
        try container.encode(timeline, forKey: .timeline)
        try container.encode(related, forKey: .related)
    }
}

public struct TimelineEntry: Sendable, Codable {
    public let seq: Int64
    public let occurredAt: Date
    public let actor: String
    public let eventType: String
    public let fromState: String?
    public let toState: String?
    /// Ids, states and codes only (the log holds nothing personal).
    public let payload: String
}

public struct RelatedApplication: Sendable, Codable {
    public let id: UUID
    public let position: String
    public let status: ApplicationStatus
    public let submittedAt: Date
    /// By the same applicant record, or matched by e-mail only.
    public let sameApplicant: Bool
}

extension ApplicationRepository {
    /// The application a short id names.
    public func resolve(_ shortID: ShortID) async throws -> UUID {
        try await database.resolve(shortID, in: .applications)
    }

    public func detail(id: UUID) async throws -> ApplicationDetail {
        var filterQuery = ListingQuery()
        let idBind = filterQuery.bind(id)
        filterQuery.sql = """
            SELECT a.id, a.applicant_id, p.slug, a.status::text, a.submitted_at, a.updated_at, a.assigned_to,
                   ARRAY(SELECT s.skill FROM applicant_skills s WHERE s.applicant_id = a.applicant_id ORDER BY s.skill),
                   ap.languages, \(Self.duplicateSQL), \(Self.sharesPrefixSQL()),
                   p.title, a.held_from::text, a.rejection_reason::text, a.source, ap.time_zone, ap.hours_per_week::float8,
                   ap.erased_at IS NOT NULL, ap.erasure_reason, ap.privacy_policy_version, ap.consented_at, a.version
            FROM applications a
            JOIN positions p ON p.id = a.position_id
            JOIN applicants ap ON ap.id = a.applicant_id
            WHERE a.id = \(idBind)
            """
        let rows = try await database.client.query(filterQuery.postgresQuery, logger: database.logger)
        for try await row in rows {
            let (
                id, applicant, position, status, submitted, updated, assignee, skills, languages, duplicate, sharesPrefix,
                title, heldFrom, reason, source, timeZone, hours, erased, erasureReason, notice, consentedAt, version
            ) = try row.decode(
                (
                    UUID, UUID, String, String, Date, Date, String?, [String], [String], Bool, Bool,
                    String, String?, String?, String?, String?, Double?, Bool, String?, String?, Date?, Int
                ).self
            )
            let summary = ApplicationSummary(
                id: id, shortID: ShortID.display(id, length: sharesPrefix ? 12 : ShortID.displayLength), applicantID: applicant,
                position: position, status: ApplicationStatus(rawValue: status)!, submittedAt: submitted, updatedAt: updated,
                assignedTo: assignee, skills: skills, languages: languages, possibleDuplicate: duplicate
            )
            return ApplicationDetail(
                summary: summary, positionTitle: title, heldFrom: heldFrom.flatMap(ApplicationStatus.init(rawValue:)),
                rejectionReason: reason.flatMap(RejectionReason.init(rawValue:)), source: source, timeZone: timeZone,
                hoursPerWeek: hours, erased: erased, erasureReason: erasureReason, privacyNotice: notice, consentedAt: consentedAt,
                version: version,
                timeline: try await timeline(applicationID: id, applicantID: applicant),
                related: try await related(applicationID: id, applicantID: applicant)
            )
        }
        throw DomainError.notFound(entity: "application", id: ShortID.display(id))
    }

    private func timeline(applicationID: UUID, applicantID: UUID) async throws -> [TimelineEntry] {
        let rows = try await database.client.query(
            """
            SELECT seq, occurred_at, actor, event_type, from_state, to_state, payload::text FROM events
            WHERE (entity_type = 'application' AND entity_id = \(applicationID))
               OR (entity_type = 'applicant' AND entity_id = \(applicantID))
            ORDER BY seq
            """,
            logger: database.logger
        )
        var entries: [TimelineEntry] = []
        for try await (seq, occurredAt, actor, type, from, to, payload) in rows.decode(
            (Int64, Date, String, String, String?, String?, String).self
        ) {
            entries.append(
                TimelineEntry(
                    seq: seq, occurredAt: occurredAt, actor: actor, eventType: type, fromState: from, toState: to, payload: payload
                ))
        }
        return entries
    }

    private func related(applicationID: UUID, applicantID: UUID) async throws -> [RelatedApplication] {
        let rows = try await database.client.query(
            """
            SELECT a.id, p.slug, a.status::text, a.submitted_at, a.applicant_id = \(applicantID)
            FROM applications a JOIN positions p ON p.id = a.position_id
            WHERE a.id <> \(applicationID)
              AND a.applicant_id IN (SELECT \(applicantID)::uuid
                                     UNION
                                     SELECT o.id FROM applicants o JOIN applicants me ON o.email_index = me.email_index
                                     WHERE me.id = \(applicantID))
            ORDER BY a.submitted_at DESC
            LIMIT 100
            """,
            logger: database.logger
        )
        var related: [RelatedApplication] = []
        for try await (id, position, status, submitted, same) in rows.decode((UUID, String, String, Date, Bool).self) {
            related.append(
                RelatedApplication(
                    id: id, position: position, status: ApplicationStatus(rawValue: status)!, submittedAt: submitted, sameApplicant: same
                ))
        }
        return related
    }
}
