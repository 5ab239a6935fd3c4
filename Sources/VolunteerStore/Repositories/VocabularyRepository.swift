import Foundation
import PostgresNIO
import VolunteerCore

/// The controlled vocabularies coordinators manage, so that matching is
/// exact and reports group cleanly.
public enum Vocabulary: String, Sendable, CaseIterable {
    /// What volunteers can do: `editing`, `social-media`.
    case skills
    /// Where applicants heard of the organisation: `website`, `friend`.
    case sources

    /// The singular, for messages: "skill", "source".
    public var entity: String { String(rawValue.dropLast()) }
}

/// Terms of one vocabulary. Retired terms stay for history but cannot be
/// chosen any more.
public struct VocabularyRepository: Sendable {
    let database: Database
    let vocabulary: Vocabulary

    public init(database: Database, vocabulary: Vocabulary) {
        self.database = database
        self.vocabulary = vocabulary
    }

    public struct Term: Sendable, Equatable, Codable {
        public let slug: String
        public let label: String
        public let retired: Bool
    }

    /// The table is one of two constants, never input.
    private var table: String { vocabulary.rawValue }

    /// By slug (the key); all of them unless `limit` is given.
    public func list(includingRetired: Bool = false, limit: Int? = nil, offset: Int = 0) async throws -> [Term] {
        let rows = try await database.client.query(
            """
            SELECT slug, label, retired_at IS NOT NULL FROM \(unescaped: table)
            WHERE \(includingRetired) OR retired_at IS NULL ORDER BY slug LIMIT \(limit) OFFSET \(offset)
            """,
            logger: database.logger
        )
        var terms: [Term] = []
        for try await (slug, label, retired) in rows.decode((String, String, Bool).self) {
            terms.append(Term(slug: slug, label: label, retired: retired))
        }
        return terms
    }

    public func add(slug: String, label: String) async throws -> Term {
        try validate(slug: slug, label: label)
        try await mappingDatabaseErrors(entity: vocabulary.entity, key: slug) {
            try await database.write(
                "INSERT INTO \(unescaped: table) (slug, label) VALUES (\(slug), \(label))"
            )
        }
        return Term(slug: slug, label: label, retired: false)
    }

    /// Renames a term everywhere it is used (references follow the key).
    public func rename(_ slug: String, to newSlug: String, label: String? = nil) async throws {
        try validate(slug: newSlug, label: label)
        let updated = try await mappingDatabaseErrors(entity: vocabulary.entity, key: newSlug) {
            try await database.write(
                """
                UPDATE \(unescaped: table) SET slug = \(newSlug), label = coalesce(\(label), label)
                WHERE slug = \(slug) RETURNING slug
                """
            )
        }
        guard !updated.isEmpty else { throw DomainError.notFound(entity: vocabulary.entity, id: slug) }
    }

    public func retire(_ slug: String) async throws {
        let updated = try await database.write(
            "UPDATE \(unescaped: table) SET retired_at = coalesce(retired_at, now()) WHERE slug = \(slug) RETURNING slug"
        )
        guard !updated.isEmpty else { throw DomainError.notFound(entity: vocabulary.entity, id: slug) }
    }

    func validate(slug: String, label: String?) throws {
        let valid =
            !slug.isEmpty && slug.count <= 40
            && slug.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            }
        guard valid else {
            throw DomainError.invalid(
                field: vocabulary.entity, reason: "use lowercase letters, digits and single hyphens, e.g. social-media"
            )
        }
        if let label, label.trimmingCharacters(in: .whitespaces).isEmpty || label.count > 80 {
            throw DomainError.invalid(field: "label", reason: "must be 1 to 80 characters")
        }
    }
}
