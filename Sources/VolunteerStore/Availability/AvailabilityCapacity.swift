import Foundation
import PostgresNIO
import VolunteerCore

/// Available hours of one group for one week.
public struct CapacityRow: Sendable, Encodable {
    /// The skill, language or team; `all` without --by.
    public let group: String
    public let people: Int
    public let hours: Double
}

public enum CapacityGrouping: String, Sendable, CaseIterable {
    case skill, language, team
}

extension AvailabilityRepository {
    /// Available hours in the ISO week starting on `monday`: each person's
    /// windows on that week's days (their own dates, real hours across a DST
    /// change), less blackout days, capped by their weekly hours; then summed
    /// per group (someone with two skills counts in both).
    public func capacity(weekStarting monday: LocalDate, by grouping: CapacityGrouping?, _ query: MatchQuery) async throws -> [CapacityRow]
    {
        try await capacity(weekStarting: monday, by: grouping, query, withTotal: false).rows
    }

    /// The same per group, and everyone's together (where someone with two
    /// skills counts once), from one pass over the windows.
    public func capacityWithTotal(
        weekStarting monday: LocalDate, by grouping: CapacityGrouping, _ query: MatchQuery
    ) async throws -> (total: CapacityRow, rows: [CapacityRow]) {
        let result = try await capacity(weekStarting: monday, by: grouping, query, withTotal: true)
        return (result.total ?? CapacityRow(group: "all", people: 0, hours: 0), result.rows)
    }

    /// The people are counted in two halves by id (at ``capacitySplit``),
    /// side by side on two connections: a person's figures depend on nobody
    /// else's and the halves share no one, so their people and minutes add
    /// up; the work is a few index probes per person, which one PostgreSQL
    /// process would otherwise do alone while the other core waits.
    private func capacity(
        weekStarting monday: LocalDate, by grouping: CapacityGrouping?, _ query: MatchQuery, withTotal: Bool
    ) async throws -> (total: CapacityRow?, rows: [CapacityRow]) {
        let shares = try await withThrowingTaskGroup(of: CapacityShare.self) { group in
            for belowSplit in [true, false] {
                group.addTask {
                    try await capacityShare(weekStarting: monday, by: grouping, query, withTotal: withTotal, belowSplit: belowSplit)
                }
            }
            return try await group.reduce(into: CapacityShare()) { $0.add($1) }
        }
        let rows = shares.groups
            .map { CapacityRow(group: $0.key, people: $0.value.people, hours: Self.hours($0.value.minutes)) }
            .sorted { ($1.hours, $0.group) < ($0.hours, $1.group) }
        let total = shares.total.map { CapacityRow(group: "all", people: $0.people, hours: Self.hours($0.minutes)) }
        return (total, rows)
    }

    private func capacityShare(
        weekStarting monday: LocalDate, by grouping: CapacityGrouping?, _ query: MatchQuery, withTotal: Bool,
        belowSplit: Bool
    ) async throws -> CapacityShare {
        var sql = ListingQuery()
        let mondayBind = sql.bind(monday.description)
        let open = sql.bind(ApplicationStatusArray(ApplicationStatus.open))
        let conditions =
            Self.personConditions(query, &sql)
            + " AND pe.id \(belowSplit ? "<" : ">=") \(sql.bind(capacitySplit))"
        let (groupColumn, groupSource) =
            switch grouping {
            case .skill: ("s.skill", "person_minutes p JOIN applicant_skills s ON s.applicant_id = p.id")
            case .language: ("language", "person_minutes p, unnest(p.languages) AS language")
            // The team of each person's latest application, looked up for the people
            // counted rather than worked out for every application there is.
            case .team:
                (
                    "coalesce(t.team, '(none)')",
                    """
                    person_minutes p LEFT JOIN LATERAL (
                        SELECT pos.team FROM applications a JOIN positions pos ON pos.id = a.position_id
                        WHERE a.applicant_id = p.id
                        ORDER BY a.submitted_at DESC LIMIT 1) t ON true
                    """
                )
            case nil: ("'all'", "person_minutes p")
            }
        sql.sql = """
            WITH RECURSIVE \(Self.peopleSQL(open: open)), \(Self.zonesInUseSQL), changing AS MATERIALIZED (
                -- Those whose clocks change that week (or the day either side, for windows
                -- across midnight): only their windows need converting to real minutes.
                SELECT zone FROM zones_in_use
                WHERE zone IS NOT NULL
                  AND ((\(mondayBind)::date + 9)::timestamp AT TIME ZONE zone) - ((\(mondayBind)::date - 1)::timestamp AT TIME ZONE zone)
                      <> interval '10 days'
            ), occurrences AS (
                SELECT ap.id, ap.hours_per_week, ap.languages,
                       CASE WHEN ap.time_zone IN (SELECT zone FROM changing) THEN
                           extract(epoch FROM
                               ((d.day + make_interval(mins => w.start_minute + window_minutes(w.start_minute, w.end_minute))) AT TIME ZONE ap.time_zone)
                               - ((d.day + make_interval(mins => w.start_minute)) AT TIME ZONE ap.time_zone)) / 60
                       ELSE window_minutes(w.start_minute, w.end_minute) END AS minutes
                FROM people pe
                JOIN applicants ap ON ap.id = pe.id
                JOIN availability_windows w ON w.applicant_id = ap.id
                CROSS JOIN LATERAL (SELECT \(mondayBind)::date + weekday_index(w.day) AS day) d
                WHERE ap.erased_at IS NULL AND \(conditions)
                  AND NOT EXISTS (SELECT 1 FROM availability_blackouts b
                                  WHERE b.applicant_id = ap.id AND d.day BETWEEN b.from_date AND b.to_date)
            ), person_minutes AS (
                SELECT id, languages, least(sum(minutes), coalesce(hours_per_week * 60, sum(minutes))) AS minutes
                FROM occurrences GROUP BY id, languages, hours_per_week
            ), grouped (grp, id, minutes) AS (
                SELECT \(groupColumn), p.id, p.minutes FROM \(groupSource)
            )
            SELECT grp, count(DISTINCT id)::int, sum(minutes)::float8
            FROM grouped GROUP BY grp
            \(withTotal ? "UNION ALL SELECT NULL, count(*)::int, coalesce(sum(minutes), 0)::float8 FROM person_minutes" : "")
            """
        var share = CapacityShare()
        for try await (group, people, minutes) in try await database.client.query(sql.postgresQuery, logger: database.logger)
            .decode((String?, Int, Double).self)
        {
            if let group { share.groups[group] = (people, minutes) } else { share.total = (people, minutes) }
        }
        return share
    }

    /// Minutes as hours, to a tenth, halves away from zero (as PostgreSQL's
    /// `round(numeric, 1)`); minutes are whole, so a half is exact here.
    private static func hours(_ minutes: Double) -> Double {
        (minutes / 6).rounded(.toNearestOrAwayFromZero) / 10
    }
}

/// People and minutes per group (and in all) of some of the people.
private struct CapacityShare: Sendable {
    var groups: [String: (people: Int, minutes: Double)] = [:]
    var total: (people: Int, minutes: Double)?

    mutating func add(_ other: CapacityShare) {
        for (group, figures) in other.groups {
            let sum = groups[group] ?? (0, 0)
            groups[group] = (sum.people + figures.people, sum.minutes + figures.minutes)
        }
        if let more = other.total {
            let sum = total ?? (0, 0)
            total = (sum.people + more.people, sum.minutes + more.minutes)
        }
    }
}
