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
    public let positionHours: Double?
    /// Compared in order, each from 0 to 1: skills held of those required,
    /// a language answered, usable hours (the lesser of hours offered and
    /// hours their windows hold) of the position's hours.
    public let score: [Double]

    /// `skills 2/2, lang en, 6/5 h`.
    public var why: String {
        let skills = "skills \(skillsHeld)/\(skillsRequired)"
        let lang = languageMatched ? "lang \(language ?? "any")" : "lang -"
        let usable = Self.format(Self.usableHours(offered: hoursPerWeek, windows: availabilityHours))
        let hours = positionHours.map { "\(usable)/\(Self.format($0)) h" } ?? "\(usable) h"
        return "\(skills), \(lang), \(hours)"
    }

    /// The lesser of what they offered and what their windows hold; either
    /// alone when the other is unknown (no hours given, no windows).
    static func usableHours(offered: Double?, windows: Double) -> Double {
        guard let offered else { return windows }
        return windows > 0 ? min(offered, windows) : offered
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
    /// are binds; then one query ranks them all. The order is the score's,
    /// compared criterion by criterion, then earliest submitted.
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
        let open = ApplicationStatusArray(ApplicationStatus.open)
        let offset = (page - 1) * limit
        // Which applications compete, and the applicants whose skills and
        // windows are summed: this position's, or every open one's once.
        let candidates =
            anyPosition
            ? """
            (SELECT DISTINCT ON (x.applicant_id) x.* FROM applications x WHERE x.status = ANY ($5::application_status[])
             ORDER BY x.applicant_id, x.position_id = $1 DESC, x.submitted_at, x.id) a
            """
            : "applications a"
        let onlyHere = "a.position_id = $1 AND a.status = ANY ($5::application_status[])"
        let theirs =
            anyPosition
            ? "" : "AND applicant_id IN (SELECT a.applicant_id FROM applications a WHERE \(onlyHere))"
        var query = PostgresQuery(
            unsafeSQL: """
                SELECT r.id, r.applicant_id, p.slug, r.status::text, r.submitted_at, r.held, r.language_score = 1,
                       (SELECT o.tag FROM unnest(r.languages) WITH ORDINALITY AS o (tag, k), unnest($8::text[]) AS w (tag)
                        WHERE language_answers(w.tag, o.tag) ORDER BY o.k LIMIT 1),
                       r.offered, r.available, r.skills_score, r.language_score, r.hours_score,
                       \(Self.sharesPrefixSQL(alias: "r"))
                FROM (
                    SELECT a.id, a.applicant_id, a.position_id, a.status, a.submitted_at, ap.languages,
                           coalesce(h.n, 0) AS held, ap.hours_per_week::float8 AS offered, coalesce(v.hours, 0) AS available,
                           CASE WHEN cardinality($2::text[]) = 0 THEN 1 ELSE coalesce(h.n, 0)::float8 / cardinality($2::text[]) END
                               AS skills_score,
                           CASE WHEN $3::text IS NULL OR array_to_string(ap.languages, ' ') ~* $3 THEN 1 ELSE 0 END::float8
                               AS language_score,
                           CASE WHEN $4::float8 IS NULL THEN CASE WHEN u.usable > 0 THEN 1 ELSE 0 END
                                ELSE least(u.usable / $4::float8, 1) END::float8 AS hours_score
                    FROM \(candidates)
                    JOIN applicants ap ON ap.id = a.applicant_id
                    LEFT JOIN (
                        SELECT applicant_id, count(*)::integer AS n FROM applicant_skills
                        WHERE skill = ANY ($2::text[]) \(theirs) GROUP BY applicant_id
                    ) h ON h.applicant_id = a.applicant_id
                    LEFT JOIN (
                        SELECT applicant_id, sum(window_minutes(start_minute, end_minute))::float8 / 60 AS hours
                        FROM availability_windows WHERE true \(theirs) GROUP BY applicant_id
                    ) v ON v.applicant_id = a.applicant_id
                    CROSS JOIN LATERAL (
                        SELECT CASE WHEN ap.hours_per_week IS NULL THEN coalesce(v.hours, 0)
                                    WHEN coalesce(v.hours, 0) > 0 THEN least(ap.hours_per_week::float8, v.hours)
                                    ELSE ap.hours_per_week::float8 END AS usable
                    ) u
                    \(anyPosition ? "WHERE a.status = ANY ($5::application_status[])" : "WHERE \(onlyHere)")
                    ORDER BY skills_score DESC, language_score DESC, hours_score DESC, a.submitted_at, a.id
                    LIMIT $6 OFFSET $7
                ) r
                JOIN positions p ON p.id = r.position_id
                ORDER BY r.skills_score DESC, r.language_score DESC, r.hours_score DESC, r.submitted_at, r.id
                """)
        query.binds.append(id, context: .default)
        query.binds.append(skills, context: .default)
        query.binds.append(Self.languagePattern(languages), context: .default)
        query.binds.append(hours, context: .default)
        query.binds.append(open, context: .default)
        query.binds.append(limit, context: .default)
        query.binds.append(offset, context: .default)
        query.binds.append(languages, context: .default)
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
            let score = [try columns[10].decode(Double.self), try columns[11].decode(Double.self), try columns[12].decode(Double.self)]
            let sharesPrefix = try columns[13].decode(Bool.self)
            ranked.append(
                RankedApplication(
                    id: id, shortID: ShortID.display(id, length: sharesPrefix ? 12 : ShortID.displayLength), applicantID: applicant,
                    position: position, status: ApplicationStatus(rawValue: status)!, submittedAt: submitted,
                    fit: ApplicationFit(
                        skillsHeld: held, skillsRequired: skills.count, language: language, languageMatched: matched,
                        hoursPerWeek: offered, availabilityHours: available, positionHours: hours, score: score
                    )
                ))
        }
        return ranked
    }

    /// Whether any of an applicant's tags, joined by spaces, answers one of
    /// `languages`: the tag itself or a longer one under it (`en` finds
    /// `en-GB`, never `eng`), as `language_answers` in 0018_openings.sql says
    /// for one pair; one regular expression per row is cheaper than pairing
    /// tags. Nil when the position asks for no language.
    static func languagePattern(_ languages: [String]) -> String? {
        guard !languages.isEmpty else { return nil }
        let escaped = languages.map { tag in
            tag.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? String($0) : "\\" + String($0) }.joined()
        }
        return "(^| )(" + escaped.joined(separator: "|") + ")($|[- ])"
    }

    static func sharesPrefixSQL(alias: String) -> String {
        sharesPrefixSQL.replacingOccurrences(of: "a.id", with: "\(alias).id")
    }
}
