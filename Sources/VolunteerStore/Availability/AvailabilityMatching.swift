import Foundation
import PostgresNIO
import VolunteerCore

/// Someone free at the time asked about; nothing personal.
public struct AvailableMatch: Sendable, Encodable {
    public let applicantId: UUID
    /// Their volunteer id, else their latest application's.
    public let shortId: String
    public let status: String
    public let timeZone: String
    /// When the asked-for time starts where they are, as `Wed 01:00`.
    public let localStart: String
    public let skills: [String]
    public let languages: [String]
    /// What their windows hold in a week, capped by their weekly hours.
    public let weeklyHours: Double
}

public struct MatchQuery: Sendable {
    public var skill: String?
    public var language: String?
    /// Volunteer statuses, and `applicant` for people with an open application.
    public var statuses = ["active", "onboarding"]

    public init() {}
}

extension AvailabilityRepository {
    /// People one of whose windows covers all of `[start, start + minutes)`,
    /// read in each person's own time zone (so through any DST change on
    /// either side), with no blackout on the days it touches. Most weekly
    /// hours first (then by id): `limit` people after the first `offset`.
    public func find(
        coveringFrom start: Date, minutes: Int, _ query: MatchQuery, limit: Int = 100, offset: Int = 0
    ) async throws -> [AvailableMatch] {
        var sql = ListingQuery()
        let (from, length) = (sql.bind(start), sql.bind(minutes))
        let open = sql.bind(ApplicationStatusArray(ApplicationStatus.open))
        let conditions = Self.personConditions(query, &sql)
        sql.sql = """
            WITH RECURSIVE \(Self.zonesInUseSQL), zones AS (
                SELECT zone, \(from)::timestamptz AT TIME ZONE zone AS ls,
                       (\(from)::timestamptz + make_interval(mins => \(length)::int)) AT TIME ZONE zone AS le
                FROM zones_in_use WHERE zone IS NOT NULL
            ), local AS MATERIALIZED (
                -- Once per time zone, not once per window.
                SELECT zone, ls, ls::date AS first_day, (le - interval '1 second')::date AS last_day,
                       (extract(isodow FROM ls)::int - 1) * 1440 + extract(hour FROM ls)::int * 60 + extract(minute FROM ls)::int AS s,
                       ceil(extract(epoch FROM (le - ls)) / 60)::int AS len
                FROM zones
            ), covered AS (
                SELECT DISTINCT ap.id, l.ls
                FROM local l
                JOIN applicants ap ON ap.time_zone = l.zone AND ap.erased_at IS NULL
                JOIN availability_windows w ON w.applicant_id = ap.id
                CROSS JOIN LATERAL (SELECT weekday_index(w.day) * 1440 + w.start_minute AS ws) o
                -- The same minute of the next week too, for a window from Sunday into Monday.
                WHERE (o.ws <= l.s AND l.s + l.len <= o.ws + window_minutes(w.start_minute, w.end_minute)
                       OR o.ws <= l.s + 10080 AND l.s + 10080 + l.len <= o.ws + window_minutes(w.start_minute, w.end_minute))
                  AND NOT EXISTS (
                    SELECT 1 FROM availability_blackouts b
                    WHERE b.applicant_id = ap.id AND b.from_date <= l.last_day AND b.to_date >= l.first_day)
            )
            \(Self.matchesSelect(conditions: conditions, open: open, limit: sql.bind(limit), offset: sql.bind(offset)))
            """
        return try await matches(sql.postgresQuery)
    }

    /// People with a window of theirs that overlaps `[start, end)` for at
    /// least `minutes`, on a day they are not away: who could do something
    /// some time that week. Most weekly hours first.
    ///
    /// Most people usually qualify, so rather than testing everyone and
    /// ranking the lot, this ranks a shortlist first (a top-N sort) and tests
    /// people in rank order until `offset + limit` pass; a shortlist that runs
    /// dry before then is widened, and the last try has no shortlist at all.
    /// The shortlist is a prefix of the same ranking, so a page of it is a
    /// page of everyone once it holds enough. `shortlist` sets the first
    /// one's length (tests make it small).
    public func find(
        overlapping start: Date, until end: Date, minutes: Int, _ query: MatchQuery, limit: Int = 100, offset: Int = 0,
        shortlist first: Int? = nil
    ) async throws -> [AvailableMatch] {
        var shortlist: Int? = first ?? max((offset + limit) * 5, 500)
        while true {
            let found = try await matches(
                Self.overlapQuery(start, end, minutes, query, limit: limit, offset: offset, shortlist: shortlist))
            guard found.count < limit, let tried = shortlist else { return found }
            shortlist = tried < 50_000 ? tried * 20 : nil
        }
    }

    private static func overlapQuery(
        _ start: Date, _ end: Date, _ minutes: Int, _ query: MatchQuery, limit: Int, offset: Int, shortlist: Int?
    ) -> PostgresQuery {
        var sql = ListingQuery()
        let (from, to, length) = (sql.bind(start), sql.bind(end), sql.bind(minutes))
        var conditions = ["ap.erased_at IS NULL", "wk.longest >= \(length)"]
        if let skill = query.skill {
            conditions.append("EXISTS (SELECT 1 FROM applicant_skills s WHERE s.applicant_id = ap.id AND s.skill = \(sql.bind(skill)))")
        }
        if let language = query.language { conditions.append("\(sql.bind(language)) = ANY (ap.languages)") }
        let statuses = sql.bind(query.statuses)
        let open = sql.bind(ApplicationStatusArray(ApplicationStatus.open))
        let shortlistLimit = shortlist.map { "LIMIT \(sql.bind($0))" } ?? ""
        sql.sql = """
            WITH weekly AS (
                SELECT applicant_id AS id, sum(window_minutes(start_minute, end_minute)) AS minutes,
                       max(window_minutes(start_minute, end_minute)) AS longest
                FROM availability_windows GROUP BY applicant_id
            ), shortlist AS (
                -- Integer minutes: the ranking sorts tens of thousands of people.
                SELECT ap.id, ap.time_zone, ap.languages,
                       least(wk.minutes, coalesce((ap.hours_per_week * 60)::int, 10080)) AS week_minutes
                FROM weekly wk JOIN applicants ap ON ap.id = wk.id
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY week_minutes DESC, ap.id
                \(shortlistLimit)
            )
            SELECT c.id, pe.status, c.time_zone, to_char(first.ls, 'Dy HH24:MI'),
                   ARRAY(SELECT s.skill FROM applicant_skills s WHERE s.applicant_id = c.id ORDER BY s.skill),
                   c.languages, round(c.week_minutes / 60.0, 1)::float8,
                   coalesce((SELECT v.id FROM volunteers v WHERE v.applicant_id = c.id ORDER BY v.started_at DESC LIMIT 1),
                            (SELECT a.id FROM applications a WHERE a.applicant_id = c.id ORDER BY a.submitted_at DESC LIMIT 1))
            FROM shortlist c
            CROSS JOIN LATERAL (SELECT \(statusSQL(of: "c.id", open: open)) AS status) pe
            CROSS JOIN LATERAL (
                -- Their earliest window that overlaps long enough, in wall-clock
                -- time where they are (exact but for a window that spans a clock change).
                SELECT greatest(o.starts, z.range_start) AS ls
                FROM (SELECT \(from)::timestamptz AT TIME ZONE c.time_zone AS range_start,
                             \(to)::timestamptz AT TIME ZONE c.time_zone AS range_end) z
                CROSS JOIN generate_series(z.range_start::date - 1, z.range_end::date, interval '1 day') d
                JOIN availability_windows w ON w.applicant_id = c.id AND weekday_index(w.day) = extract(isodow FROM d)::int - 1
                CROSS JOIN LATERAL (
                    SELECT d::date + make_interval(mins => w.start_minute) AS starts,
                           d::date + make_interval(mins => w.start_minute + window_minutes(w.start_minute, w.end_minute)) AS ends) o
                WHERE least(o.ends, z.range_end) - greatest(o.starts, z.range_start) >= make_interval(mins => \(length)::int)
                  AND NOT EXISTS (SELECT 1 FROM availability_blackouts b
                                  WHERE b.applicant_id = c.id AND d::date BETWEEN b.from_date AND b.to_date)
                ORDER BY o.starts LIMIT 1) first
            WHERE pe.status = ANY (\(statuses)::text[])
            ORDER BY c.week_minutes DESC, c.id
            LIMIT \(sql.bind(limit)) OFFSET \(sql.bind(offset))
            """
        return sql.postgresQuery
    }

    /// The people in `covered (id, ls)`, `ls` their local time, ranked.
    private static func matchesSelect(conditions: String, open: String, limit: String, offset: String) -> String {
        """
            SELECT ap.id, pe.status, ap.time_zone, to_char(c.ls, 'Dy HH24:MI'),
                   ARRAY(SELECT s.skill FROM applicant_skills s WHERE s.applicant_id = ap.id ORDER BY s.skill),
                   ap.languages, \(Self.weeklyHoursSQL),
                   coalesce((SELECT v.id FROM volunteers v WHERE v.applicant_id = ap.id ORDER BY v.started_at DESC LIMIT 1),
                            (SELECT a.id FROM applications a WHERE a.applicant_id = ap.id ORDER BY a.submitted_at DESC LIMIT 1))
            FROM covered c JOIN applicants ap ON ap.id = c.id
            CROSS JOIN LATERAL (SELECT \(Self.statusSQL(of: "ap.id", open: open)) AS status) pe
            WHERE \(conditions)
            ORDER BY 7 DESC, ap.id
            LIMIT \(limit) OFFSET \(offset)
        """
    }

    /// A week's window minutes (kept on the row, 0020_rank_facts.sql),
    /// capped by the weekly hours, in hours.
    static let weeklyHoursSQL = """
        round(least(ap.window_minutes, coalesce(ap.hours_per_week * 60, 10080)) / 60.0, 1)::float8
        """

    /// The time zones of applicants (and a NULL to end the list), one index
    /// probe each rather than a pass over everyone; erased applicants' zones
    /// may be among them, which costs a row.
    static let zonesInUseSQL = """
        zones_in_use (zone) AS (
            SELECT min(time_zone) FROM applicants
            UNION ALL
            SELECT (SELECT min(a.time_zone) FROM applicants a WHERE a.time_zone > zones_in_use.zone)
            FROM zones_in_use WHERE zone IS NOT NULL
        )
        """

    /// Everyone with a place in the organisation, once: their latest
    /// volunteer record's status, else `applicant` while an application is
    /// open (`open` binds `ApplicationStatus.open` as an `ApplicationStatusArray`).
    static func peopleSQL(open: String) -> String {
        """
        people (id, status) AS (
            (SELECT DISTINCT ON (v.applicant_id) v.applicant_id, v.status::text
             FROM volunteers v ORDER BY v.applicant_id, v.started_at DESC)
            UNION ALL
            SELECT DISTINCT a.applicant_id, 'applicant' FROM applications a
            WHERE a.status = ANY (\(open)::application_status[])
              AND NOT EXISTS (SELECT 1 FROM volunteers v WHERE v.applicant_id = a.applicant_id)
        )
        """
    }

    /// One person's status, for a few people at a time (`open` as in `peopleSQL`).
    static func statusSQL(of person: String, open: String) -> String {
        """
        coalesce(
            (SELECT v.status::text FROM volunteers v WHERE v.applicant_id = \(person) ORDER BY v.started_at DESC LIMIT 1),
            (SELECT 'applicant' FROM applications a WHERE a.applicant_id = \(person)
               AND a.status = ANY (\(open)::application_status[]) LIMIT 1))
        """
    }

    static func personConditions(_ query: MatchQuery, _ sql: inout ListingQuery) -> String {
        var conditions = ["pe.status = ANY (\(sql.bind(query.statuses))::text[])"]
        if let skill = query.skill {
            conditions.append("EXISTS (SELECT 1 FROM applicant_skills s WHERE s.applicant_id = ap.id AND s.skill = \(sql.bind(skill)))")
        }
        if let language = query.language { conditions.append("\(sql.bind(language)) = ANY (ap.languages)") }
        return conditions.joined(separator: " AND ")
    }

    private func matches(_ query: PostgresQuery) async throws -> [AvailableMatch] {
        var matches: [AvailableMatch] = []
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (id, status, zone, localStart, skills, languages, hours, reference) in rows.decode(
            (UUID, String, String, String, [String], [String], Double, UUID).self
        ) {
            matches.append(
                AvailableMatch(
                    applicantId: id, shortId: ShortID.display(reference), status: status, timeZone: zone, localStart: localStart,
                    skills: skills, languages: languages, weeklyHours: hours
                ))
        }
        return matches
    }
}

extension AvailabilityRepository {
    /// `local` (`2026-12-01T18:00`) read in `zone`, as an instant.
    public func instant(local: String, zone: String) async throws -> Date {
        let rows = try await database.client.query(
            "SELECT (\(local)::timestamp AT TIME ZONE \(zone))", logger: database.logger
        )
        for try await instant in rows.decode(Date.self) { return instant }
        throw DomainError.invalid(field: "local time", reason: "is not a time in \(zone)")
    }
}
