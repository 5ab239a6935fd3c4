import Foundation
import PostgresNIO
import VolunteerCore

/// A position with how many applications it has, for coordinators.
public struct PositionOverview: Sendable, Codable {
    public let position: Position
    /// Applications still waiting for a decision.
    public let openApplications: Int
    public let totalApplications: Int
    public let statusReason: String?
}

extension PositionRepository {
    /// Every position (or those with `statuses`), by status then title.
    /// A page of `limit` (all unless given) after `offset`, open ones first, by title then slug.
    public func overview(
        statuses: [PositionStatus] = [], slug: String? = nil, limit: Int? = nil, offset: Int = 0
    ) async throws -> [PositionOverview] {
        let rows = try await database.client.query(
            """
            SELECT p.id, p.slug, p.title, p.team, p.description,
                   ARRAY(SELECT s.skill FROM position_skills s WHERE s.position_id = p.id ORDER BY s.skill),
                   p.languages, p.hours_per_week::float8, p.location, p.openings, p.status::text, p.status_reason,
                   (SELECT count(*) FROM applications a WHERE a.position_id = p.id
                      AND a.status = ANY (\(ApplicationStatusArray(ApplicationStatus.open))::application_status[])),
                   (SELECT count(*) FROM applications a WHERE a.position_id = p.id),
                   (SELECT count(*)::integer FROM applications a WHERE a.position_id = p.id AND a.status = 'accepted'),
                   p.keep_open
            FROM positions p
            WHERE (cardinality(\(statuses.map(\.rawValue))::text[]) = 0 OR p.status::text = ANY (\(statuses.map(\.rawValue))::text[]))
              AND (\(slug)::text IS NULL OR p.slug = \(slug))
            ORDER BY array_position('{open,paused,draft,closed}'::text[], p.status::text), p.title, p.slug
            LIMIT \(limit) OFFSET \(offset)
            """,
            logger: database.logger
        )
        var overviews: [PositionOverview] = []
        for try await (
            id, slug, title, team, description, skills, languages, hours, location, openings, status, reason, open, total, filled, keepOpen
        )
            in rows.decode(
                (UUID, String, String, String, String, [String], [String], Double?, String?, Int, String, String?, Int, Int, Int, Bool)
                    .self
            )
        {
            overviews.append(
                PositionOverview(
                    position: Position(
                        id: id, slug: slug, title: title, team: team, description: description, skills: skills,
                        languages: languages, hoursPerWeek: hours, location: location, openings: openings,
                        status: PositionStatus(rawValue: status)!, filled: filled, keepOpen: keepOpen
                    ),
                    openApplications: open, totalApplications: total, statusReason: reason
                ))
        }
        return overviews
    }

    /// Changes a position's fields in one transaction (skills replaced as a set).
    public func edit(slug: String, _ changes: PositionChanges) async throws -> Position {
        let current = try await find(slug: slug)
        let logger = database.logger
        try await mappingDatabaseErrors(entity: "position", key: slug) {
            try await database.withTransaction { connection in
                try await connection.query(
                    """
                    UPDATE positions SET
                        title = coalesce(\(changes.title), title),
                        team = coalesce(\(changes.team), team),
                        description = coalesce(\(changes.description), description),
                        languages = coalesce(\(changes.languages)::text[], languages),
                        hours_per_week = coalesce(\(changes.hoursPerWeek)::numeric, hours_per_week),
                        location = coalesce(\(changes.location), location),
                        openings = coalesce(\(changes.openings), openings),
                        keep_open = coalesce(\(changes.keepOpen), keep_open)
                    WHERE id = \(current.id)
                    """,
                    logger: logger
                )
                if let skills = changes.skills {
                    try await connection.query("DELETE FROM position_skills WHERE position_id = \(current.id)", logger: logger)
                    try await connection.query(
                        "INSERT INTO position_skills (position_id, skill) SELECT \(current.id), unnest(\(skills)::text[])",
                        logger: logger
                    )
                }
            }
        }
        return try await find(id: current.id)
    }
}
