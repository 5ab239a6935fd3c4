import Foundation
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// Small, readable set-ups shared by the store tests.
enum Fixtures {
    /// An open position with a skill in the vocabulary.
    static func openPosition(_ database: Database, slug: String = "editor") async throws -> Position {
        _ = try? await VocabularyRepository(database: database, vocabulary: .skills).add(slug: "editing", label: "Editing")
        let positions = PositionRepository(database: database)
        _ = try await positions.create(NewPosition(
            slug: slug, title: "Editor", team: "Editorial", skills: ["editing"], languages: ["en", "uk"]
        ))
        return try await positions.move(slug: slug, to: .open)
    }

    static func application(
        _ database: Database, position: String = "editor", person: PersonalData = PersonalData(name: "Test Person")
    ) async throws -> Application {
        try await ApplicationRepository(database: database).submit(
            TestSealing.newApplication(database, position: position, person: person)
        )
    }

    /// Runs `body` as a new login role in `vtrack_coordinator`, on a migrated database.
    static func asCoordinator<Result: Sendable>(
        _ test: TestDatabase, _ body: @escaping @Sendable (Database, String) async throws -> Result
    ) async throws -> Result {
        try await test.withRole(in: "vtrack_coordinator") { settings in
            try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                try await body(database, settings.username)
            }
        }
    }
}
