import Foundation
import PostgresNIO
import VolunteerCore

/// Positions and their life cycle.
public struct PositionRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func create(_ position: NewPosition) async throws -> Position {
        let logger = database.logger
        let id = try await mappingDatabaseErrors(entity: "position", key: position.slug) {
            try await database.withTransaction { connection -> UUID in
                let rows = try await connection.query(
                    """
                    INSERT INTO positions (slug, title, team, description, languages, hours_per_week, location, openings, keep_open)
                    VALUES (\(position.slug), \(position.title), \(position.team), \(position.description),
                            \(position.languages), \(position.hoursPerWeek)::numeric, \(position.location), \(position.openings),
                            \(position.keepOpen))
                    RETURNING id
                    """,
                    logger: logger
                )
                guard let id = try await rows.collect().first?.decode(UUID.self) else {
                    throw DomainError.invalid(field: "position", reason: "was not created")
                }
                if !position.skills.isEmpty {
                    try await connection.query(
                        "INSERT INTO position_skills (position_id, skill) SELECT \(id), unnest(\(position.skills)::text[])",
                        logger: logger
                    )
                }
                return id
            }
        }
        return try await find(id: id)
    }

    public func find(slug: String) async throws -> Position {
        try await fetch(where: "p.slug = $1", slug, missing: slug)
    }

    public func find(id: UUID) async throws -> Position {
        try await fetch(where: "p.id = $1", id, missing: id.uuidString)
    }

    /// Moves a position along its life cycle; reopening a closed one needs `reason`.
    public func move(slug: String, to next: PositionStatus, reason: String? = nil) async throws -> Position {
        let current = try await find(slug: slug)
        guard current.status.allowedNext().contains(next) else {
            throw DomainError.illegalTransition(
                entity: "position", id: slug, current: current.status.rawValue, wanted: next.rawValue,
                allowed: current.status.allowedNext().map(\.rawValue)
            )
        }
        if current.status.requiresReason(toMoveTo: next), reason?.isEmpty ?? true {
            throw DomainError.reasonRequired(entity: "position", id: slug, action: "reopening")
        }
        let updated = try await mappingDatabaseErrors(entity: "position", key: slug) {
            try await database.write(
                """
                UPDATE positions SET status = \(next.rawValue)::position_status,
                    status_reason = coalesce(\(reason), status_reason)
                WHERE id = \(current.id) AND status = \(current.status.rawValue)::position_status
                RETURNING id
                """
            )
        }
        guard !updated.isEmpty else { throw DomainError.conflict(entity: "position", id: slug) }
        return try await find(id: current.id)
    }

    private func fetch(where condition: String, _ value: some PostgresEncodable & Sendable, missing: String) async throws -> Position {
        var query = PostgresQuery(unsafeSQL: "\(Self.select) WHERE \(condition) GROUP BY p.id")
        try query.binds.append(value, context: .default)
        guard let position = try await database.client.query(query, logger: database.logger).collect().first else {
            throw DomainError.notFound(entity: "position", id: missing)
        }
        return try Self.position(from: position)
    }

    /// Open positions, by title; each filter narrows (a slug, a skill, a
    /// language, a team). With `readIn`, a title and description translated
    /// into that language (or its primary language: `ru-RU` finds `ru`)
    /// replace the position's own.
    public func listOpen(
        slug: String? = nil, skill: String? = nil, language: String? = nil, team: String? = nil, readIn: String? = nil
    ) async throws -> [Position] {
        var query = PostgresQuery(
            unsafeSQL: """
                SELECT p.id, p.slug, coalesce(t.title, p.title), p.team, coalesce(t.description, p.description),
                       coalesce(array_agg(s.skill ORDER BY s.skill) FILTER (WHERE s.skill IS NOT NULL), '{}'),
                       p.languages, p.hours_per_week::float8, p.location, p.openings, p.status::text, t.language,
                       position_filled(p.id), p.keep_open
                FROM positions p LEFT JOIN position_skills s ON s.position_id = p.id
                LEFT JOIN LATERAL (
                    SELECT t.title, t.description, t.language FROM position_translations t
                    WHERE t.position_id = p.id AND t.language IN ($5, split_part($5, '-', 1))
                    ORDER BY length(t.language) DESC LIMIT 1
                ) t ON true
                WHERE p.status = 'open'
                  AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM position_skills k WHERE k.position_id = p.id AND k.skill = $1))
                  AND ($2::text IS NULL OR $2 = ANY (p.languages))
                  AND ($3::text IS NULL OR p.team = $3)
                  AND ($4::text IS NULL OR p.slug = $4)
                GROUP BY p.id, t.title, t.description, t.language ORDER BY 3, p.slug
                """)
        query.binds.append(skill, context: .default)
        query.binds.append(language, context: .default)
        query.binds.append(team, context: .default)
        query.binds.append(slug, context: .default)
        query.binds.append(readIn, context: .default)
        return try await database.client.query(query, logger: database.logger).collect().map(Self.position(from:))
    }

    /// Sets the title and description of `slug` in a language, replacing an
    /// earlier translation into it (one event either way).
    public func translate(slug: String, _ translation: PositionTranslation) async throws {
        let written = try await mappingDatabaseErrors(entity: "position", key: slug) {
            try await database.write(
                """
                INSERT INTO position_translations (position_id, language, title, description)
                SELECT id, \(translation.language), \(translation.title), \(translation.description) FROM positions WHERE slug = \(slug)
                ON CONFLICT (position_id, language) DO UPDATE SET title = excluded.title, description = excluded.description
                RETURNING 1
                """
            )
        }
        guard !written.isEmpty else { throw DomainError.notFound(entity: "position", id: slug) }
    }

    /// Removes the translation of `slug` into `language`.
    public func removeTranslation(slug: String, language: String) async throws {
        let removed = try await database.write(
            """
            DELETE FROM position_translations t USING positions p
            WHERE p.id = t.position_id AND p.slug = \(slug) AND t.language = \(language) RETURNING 1
            """
        )
        guard !removed.isEmpty else { throw DomainError.notFound(entity: "translation", id: "\(slug) (\(language))") }
    }

    /// The languages `slug` is translated into.
    public func translations(slug: String) async throws -> [String] {
        let rows = try await database.client.query(
            """
            SELECT t.language FROM position_translations t JOIN positions p ON p.id = t.position_id
            WHERE p.slug = \(slug) ORDER BY t.language
            """, logger: database.logger)
        var languages: [String] = []
        for try await language in rows.decode(String.self) { languages.append(language) }
        return languages
    }

    private static let select = """
        SELECT p.id, p.slug, p.title, p.team, p.description,
               coalesce(array_agg(s.skill ORDER BY s.skill) FILTER (WHERE s.skill IS NOT NULL), '{}'),
               p.languages, p.hours_per_week::float8, p.location, p.openings, p.status::text, NULL::text,
               position_filled(p.id), p.keep_open
        FROM positions p LEFT JOIN position_skills s ON s.position_id = p.id
        """

    private static func position(from row: PostgresRow) throws -> Position {
        let (id, slug, title, team, description, skills, languages, hours, location, openings, status, translation, filled, keepOpen) =
            try row.decode(
                (UUID, String, String, String, String, [String], [String], Double?, String?, Int, String, String?, Int, Bool).self
            )
        return Position(
            id: id, slug: slug, title: title, team: team, description: description, skills: skills,
            languages: languages, hoursPerWeek: hours, location: location, openings: openings,
            status: PositionStatus(rawValue: status)!, translation: translation, filled: filled, keepOpen: keepOpen
        )
    }
}
