import Foundation
import PostgresNIO
import VolunteerCore

/// One row of `vtrack applications list`: nothing personal.
public struct ApplicationSummary: Sendable, Equatable, Codable {
    public let id: UUID
    /// What tables show for `id`: 8 characters, 12 when 8 are shared.
    public let shortID: String
    public let applicantID: UUID
    public let position: String
    public let status: ApplicationStatus
    public let submittedAt: Date
    /// The last change to the application: a move or an assignment.
    public let updatedAt: Date
    public let assignedTo: String?
    public let skills: [String]
    public let languages: [String]
    /// Another applicant gave the same e-mail (by blind index).
    public let possibleDuplicate: Bool

    /// Since the last action, while the application still waits for one.
    public func waiting(at now: Date) -> TimeInterval? {
        status.isOpen ? now.timeIntervalSince(updatedAt) : nil
    }
}

public enum ApplicationOrder: String, Sendable, CaseIterable {
    /// Newest submissions first.
    case newest
    case oldest
    /// Longest without action first.
    case waiting
    /// Most recently changed first.
    case updated

    var sql: String {
        switch self {
        case .newest: "a.submitted_at DESC, a.id DESC"
        case .oldest: "a.submitted_at, a.id"
        case .waiting: "a.updated_at, a.id"
        case .updated: "a.updated_at DESC, a.id DESC"
        }
    }
}

public struct ApplicationFilter: Sendable {
    public var statuses: [ApplicationStatus] = []
    public var position: String?
    public var skill: String?
    public var language: String?
    public var assignedTo: String?
    public var unassigned = false
    public var submittedSince: Date?
    /// Still open and untouched since before this moment.
    public var waitingSince: Date?
    public var duplicatesOnly = false
    public var order: ApplicationOrder = .newest
    public var limit = 50
    /// From 1.
    public var page = 1

    public init(statuses: [ApplicationStatus] = [], position: String? = nil, limit: Int = 50) {
        self.statuses = statuses
        self.position = position
        self.limit = limit
    }
}

extension ApplicationRepository {
    public func list(_ filter: ApplicationFilter) async throws -> [ApplicationSummary] {
        var query = ListingQuery()
        // One status compares with `=`, so that the (status, submitted_at)
        // index also gives the order; a list of them needs `ANY`.
        if filter.statuses.count == 1 {
            query.require("a.status = \(query.bind(filter.statuses[0].rawValue))::application_status")
        } else if !filter.statuses.isEmpty {
            query.require("a.status = ANY (\(query.bind(ApplicationStatusArray(filter.statuses)))::application_status[])")
        }
        if let position = filter.position { query.require("p.slug = \(query.bind(position))") }
        if let skill = filter.skill {
            query.require(
                "EXISTS (SELECT 1 FROM applicant_skills s WHERE s.applicant_id = a.applicant_id AND s.skill = \(query.bind(skill)))")
        }
        if let language = filter.language { query.require("\(query.bind(language)) = ANY (ap.languages)") }
        if let assignee = filter.assignedTo { query.require("a.assigned_to = \(query.bind(assignee))") }
        if filter.unassigned { query.require("a.assigned_to IS NULL") }
        if let since = filter.submittedSince { query.require("a.submitted_at >= \(query.bind(since))") }
        if let waiting = filter.waitingSince {
            query.require("a.status = ANY (\(query.bind(ApplicationStatusArray(ApplicationStatus.open)))::application_status[])")
            query.require("a.updated_at < \(query.bind(waiting))")
        }
        if filter.duplicatesOnly { query.require(Self.duplicateSQL) }
        let limit = query.bind(filter.limit)
        let offset = query.bind((filter.page - 1) * filter.limit)
        query.sql = """
            SELECT a.id, a.applicant_id, p.slug, a.status::text, a.submitted_at, a.updated_at, a.assigned_to,
                   ARRAY(SELECT s.skill FROM applicant_skills s WHERE s.applicant_id = a.applicant_id ORDER BY s.skill),
                   ap.languages, \(Self.duplicateSQL), \(Self.sharesPrefixSQL())
            FROM applications a
            JOIN positions p ON p.id = a.position_id
            JOIN applicants ap ON ap.id = a.applicant_id
            \(query.whereClause)
            ORDER BY \(filter.order.sql)
            LIMIT \(limit) OFFSET \(offset)
            """
        let rows = try await database.client.query(query.postgresQuery, logger: database.logger)
        var summaries: [ApplicationSummary] = []
        for try await (id, applicant, position, status, submitted, updated, assignee, skills, languages, duplicate, sharesPrefix)
            in rows.decode(
                (UUID, UUID, String, String, Date, Date, String?, [String], [String], Bool, Bool).self
            )
        {
            summaries.append(
                ApplicationSummary(
                    id: id, shortID: ShortID.display(id, length: sharesPrefix ? 12 : ShortID.displayLength), applicantID: applicant,
                    position: position, status: ApplicationStatus(rawValue: status)!, submittedAt: submitted, updatedAt: updated,
                    assignedTo: assignee, skills: skills, languages: languages, possibleDuplicate: duplicate
                ))
        }
        return summaries
    }

    static let duplicateSQL = "EXISTS (SELECT 1 FROM applicants o WHERE o.email_index = ap.email_index AND o.id <> ap.id)"

    /// Whether another application's id starts with the same 8 characters
    /// as the application id `column`.
    static func sharesPrefixSQL(of column: String = "a.id") -> String {
        """
        EXISTS (SELECT 1 FROM applications o
                WHERE o.id BETWEEN (left(replace(\(column)::text, '-', ''), 8) || '000000000000000000000000')::uuid
                               AND (left(replace(\(column)::text, '-', ''), 8) || 'ffffffffffffffffffffffff')::uuid
                  AND o.id <> \(column))
        """
    }
}

/// A query whose conditions depend on the filters given; every value is a
/// bind, never text in the SQL.
struct ListingQuery {
    var sql = ""
    private var conditions: [String] = []
    private var bindings = PostgresBindings()

    mutating func bind(_ value: some PostgresNonThrowingEncodable) -> String {
        bindings.append(value, context: .default)
        return "$\(bindings.count)"
    }

    mutating func require(_ condition: String) {
        conditions.append(condition)
    }

    var whereClause: String {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: "\n  AND ")
    }

    var postgresQuery: PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
