import Foundation
import PostgresNIO
import VolunteerCore

/// Why an application fits a position, criterion by criterion.
public struct ApplicationFit: Sendable, Equatable, Codable {
    public let skillsHeld: Int
    public let skillsRequired: Int
    /// The applicant's language tag that answers one of the position's (BCP 47
    /// by prefix: `en` is answered by `en-GB`); nil when none does, or the
    /// position asks for none (`languageMatched` is then true).
    public let language: String?
    public let languageMatched: Bool
    public let hoursPerWeek: Double?
    /// The hours their weekly availability windows hold.
    public let availabilityHours: Double
    /// What counts towards the position: the lesser of hours offered and
    /// window hours, either alone when the other is unknown (no hours
    /// given, no windows).
    public let usableHours: Double
    public let positionHours: Double?
    /// Compared in order, each from 0 to 1: skills held of those required,
    /// a language answered, usable hours of the position's hours (any
    /// usable hour counts fully when the position names none). Worked out
    /// by the query from the keys it ranks by.
    public let score: [Double]

    /// `skills 2/2, lang en, 6/5 h`.
    public var why: String {
        let skills = "skills \(skillsHeld)/\(skillsRequired)"
        let lang = languageMatched ? "lang \(language ?? "any")" : "lang -"
        let usable = Self.format(usableHours)
        let hours = positionHours.map { "\(usable)/\(Self.format($0)) h" } ?? "\(usable) h"
        return "\(skills), \(lang), \(hours)"
    }

    static func format(_ hours: Double) -> String {
        hours.rounded() == hours ? String(Int(hours)) : String(format: "%.1f", hours)
    }
}

/// One open application ranked by fit for a position.
public struct RankedApplication: Sendable, Equatable, Codable {
    public let id: UUID
    public let shortID: String
    public let applicantID: UUID
    /// The position applied to: another one's slug with `anyPosition`.
    public let position: String
    public let status: ApplicationStatus
    public let submittedAt: Date
    public let fit: ApplicationFit
}

extension ApplicationRepository {
    /// The open applications to `slug`, best fit first; with `anyPosition`
    /// also applicants with open applications to other positions only, one
    /// row per applicant (their application to `slug` when they have one).
    /// The position is read first, so that its skills, languages and hours
    /// are binds; then one query ranks them all from what each applicant's
    /// row keeps for it (0020_rank_facts.sql): integer keys, compared in
    /// order, then earliest submitted. The page's rows get their scores
    /// from the same keys.
    public func rank(
        position slug: String, anyPosition: Bool = false, limit: Int = 50, page: Int = 1
    ) async throws
        -> [RankedApplication]
    {
        let targets = try await database.client.query(
            """
            SELECT p.id, p.languages, p.hours_per_week::float8,
                   ARRAY(SELECT s.skill FROM position_skills s WHERE s.position_id = p.id ORDER BY s.skill)
            FROM positions p WHERE p.slug = \(slug)
            """, logger: database.logger
        ).collect()
        guard let target = targets.first else { throw DomainError.notFound(entity: "position", id: slug) }
        let (id, languages, hours, skills) = try target.decode((UUID, [String], Double?, [String]).self)
        var query = PostgresQuery(unsafeSQL: Self.rankSQL(skillCount: skills.count, anyPosition: anyPosition))
        query.binds.append(id, context: .default)
        query.binds.append(skills, context: .default)
        query.binds.append(languages, context: .default)
        query.binds.append(hours.map { Int(($0 * 60).rounded()) }, context: .default)
        query.binds.append(ApplicationStatusArray(ApplicationStatus.open), context: .default)
        query.binds.append(limit, context: .default)
        query.binds.append((page - 1) * limit, context: .default)
        let rows = try await database.client.query(query, logger: database.logger)
        var ranked: [RankedApplication] = []
        for try await row in rows {
            let columns = row.makeRandomAccess()
            let (id, applicant) = (try columns[0].decode(UUID.self), try columns[1].decode(UUID.self))
            let (position, status) = (try columns[2].decode(String.self), try columns[3].decode(String.self))
            let submitted = try columns[4].decode(Date.self)
            let held = try columns[5].decode(Int.self)
            let matched = try columns[6].decode(Bool.self)
            let language = try columns[7].decode(String?.self)
            let offered = try columns[8].decode(Double?.self)
            let available = try columns[9].decode(Double.self)
            let usable = try columns[10].decode(Double.self)
            let score = try (11...13).map { try columns[$0].decode(Double.self) }
            let sharesPrefix = try columns[14].decode(Bool.self)
            let fit = ApplicationFit(
                skillsHeld: held, skillsRequired: skills.count, language: language, languageMatched: matched,
                hoursPerWeek: offered, availabilityHours: available, usableHours: usable, positionHours: hours, score: score
            )
            ranked.append(
                RankedApplication(
                    id: id, shortID: ShortID.display(id, length: sharesPrefix ? 12 : ShortID.displayLength), applicantID: applicant,
                    position: position, status: ApplicationStatus(rawValue: status)!, submittedAt: submitted, fit: fit
                ))
        }
        return ranked
    }

    /// Binds: $1 the position, $2 its skills, $3 its languages, $4 its
    /// weekly minutes (NULL: any time counts fully), $5 the open statuses,
    /// $6 and $7 the page. One term per required skill, since testing each
    /// against the row's array is cheaper than intersecting arrays.
    static func rankSQL(skillCount: Int, anyPosition: Bool) -> String {
        let held =
            skillCount == 0
            ? "0" : (1...skillCount).map { "($2[\($0)] = ANY (ap.skills))::integer" }.joined(separator: " + ")
        // Which applications compete: this position's, or one open
        // application per applicant, theirs to this position first.
        let candidates =
            anyPosition
            ? """
            (SELECT DISTINCT ON (x.applicant_id) x.* FROM applications x WHERE x.status = ANY ($5::application_status[])
             ORDER BY x.applicant_id, x.position_id = $1 DESC, x.submitted_at, x.id) a
            """
            : "applications a"
        let onlyHere = anyPosition ? "" : "WHERE a.position_id = $1 AND a.status = ANY ($5::application_status[])"
        return """
            SELECT r.id, r.applicant_id, p.slug, r.status::text, r.submitted_at, r.held, r.matched,
                   (SELECT o.tag FROM unnest(r.languages) WITH ORDINALITY AS o (tag, k), unnest($3::text[]) AS w (tag)
                    WHERE language_answers(w.tag, o.tag) ORDER BY o.k LIMIT 1),
                   r.hours_per_week::float8, r.window_minutes / 60.0::float8, r.usable_minutes / 60.0::float8,
                   -- The scores, from the keys that ordered the rows.
                   CASE WHEN cardinality($2::text[]) = 0 THEN 1 ELSE r.held::float8 / cardinality($2::text[]) END,
                   r.matched::integer::float8, r.hours_key::float8 / coalesce($4::integer, 1),
                   \(sharesPrefixSQL(of: "r.id"))
            FROM (
                SELECT a.id, a.applicant_id, a.position_id, a.status, a.submitted_at,
                       ap.languages, ap.hours_per_week, ap.window_minutes, u.usable_minutes,
                       \(held) AS held,
                       (cardinality($3::text[]) = 0 OR ap.language_prefixes && ARRAY(SELECT lower(t) FROM unnest($3::text[]) AS t))
                           AS matched,
                       least(u.usable_minutes, coalesce($4::integer, 1)) AS hours_key
                FROM \(candidates)
                JOIN applicants ap ON ap.id = a.applicant_id
                CROSS JOIN LATERAL (
                    SELECT CASE WHEN ap.hours_per_week IS NULL THEN ap.window_minutes
                                WHEN ap.window_minutes > 0 THEN least((ap.hours_per_week * 60)::integer, ap.window_minutes)
                                ELSE (ap.hours_per_week * 60)::integer END AS usable_minutes
                ) u
                \(onlyHere)
                ORDER BY held DESC, matched DESC, hours_key DESC, a.submitted_at, a.id
                LIMIT $6 OFFSET $7
            ) r
            JOIN positions p ON p.id = r.position_id
            ORDER BY r.held DESC, r.matched DESC, r.hours_key DESC, r.submitted_at, r.id
            """
    }

}
