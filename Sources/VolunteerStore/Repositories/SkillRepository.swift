import Foundation
import PostgresNIO
import VolunteerCore

/// The controlled vocabulary of skills. Retired skills stay for history but
/// cannot be chosen any more.
public struct SkillRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Skill: Sendable, Equatable, Codable {
        public let slug: String
        public let label: String
        public let retired: Bool
    }

    public func list(includingRetired: Bool = false) async throws -> [Skill] {
        let rows = try await database.client.query(
            """
            SELECT slug, label, retired_at IS NOT NULL FROM skills
            WHERE \(includingRetired) OR retired_at IS NULL ORDER BY slug
            """,
            logger: database.logger
        )
        var skills: [Skill] = []
        for try await (slug, label, retired) in rows.decode((String, String, Bool).self) {
            skills.append(Skill(slug: slug, label: label, retired: retired))
        }
        return skills
    }

    public func add(slug: String, label: String) async throws -> Skill {
        try Self.validate(slug: slug)
        try await mappingDatabaseErrors(entity: "skill", key: slug) {
            try await database.client.query(
                "INSERT INTO skills (slug, label) VALUES (\(slug), \(label))", logger: database.logger
            )
        }
        return Skill(slug: slug, label: label, retired: false)
    }

    /// Renames a skill everywhere it is used (positions and applicants follow).
    public func rename(_ slug: String, to newSlug: String, label: String? = nil) async throws {
        try Self.validate(slug: newSlug)
        let updated = try await mappingDatabaseErrors(entity: "skill", key: newSlug) {
            try await database.client.query(
                "UPDATE skills SET slug = \(newSlug), label = coalesce(\(label), label) WHERE slug = \(slug) RETURNING slug",
                logger: database.logger
            ).collect()
        }
        guard !updated.isEmpty else { throw DomainError.notFound(entity: "skill", id: slug) }
    }

    public func retire(_ slug: String) async throws {
        let updated = try await database.client.query(
            "UPDATE skills SET retired_at = coalesce(retired_at, now()) WHERE slug = \(slug) RETURNING slug",
            logger: database.logger
        ).collect()
        guard !updated.isEmpty else { throw DomainError.notFound(entity: "skill", id: slug) }
    }

    static func validate(slug: String) throws {
        let valid = !slug.isEmpty && slug.count <= 40
            && slug.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            }
        guard valid else {
            throw DomainError.invalid(field: "skill", reason: "use lowercase letters, digits and single hyphens, e.g. social-media")
        }
    }
}
