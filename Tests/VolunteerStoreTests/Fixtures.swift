import Foundation
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// Small, readable set-ups shared by the store tests.
enum Fixtures {
    /// An open position with a skill in the vocabulary; it pauses itself
    /// when `openings` applications are accepted.
    static func openPosition(_ database: Database, slug: String = "editor", openings: Int = 1) async throws -> Position {
        _ = try? await VocabularyRepository(database: database, vocabulary: .skills).add(slug: "editing", label: "Editing")
        let positions = PositionRepository(database: database)
        _ = try await positions.create(
            NewPosition(
                slug: slug, title: "Editor", team: "Editorial", skills: ["editing"], languages: ["en", "uk"], openings: openings
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

    /// Runs `body` with a login that may add and remove coordinators, as the
    /// schema's owner may (CREATEROLE, the coordinators table); dropped after.
    static func asCoordinatorAdmin<Result>(
        _ test: TestDatabase, _ body: (DatabaseSettings) async throws -> Result
    ) async throws -> Result {
        let admin = "admin_" + UUID().uuidString.prefix(8).lowercased()
        try await TestDatabase.clusterSuperuser("CREATE ROLE \(admin) LOGIN PASSWORD 'admin' CREATEROLE")
        try await test.superuser("GRANT ALL ON coordinators TO \(admin)", "GRANT vtrack_coordinator TO \(admin) WITH ADMIN OPTION")
        func drop() async throws {
            try await test.superuser("REVOKE ALL ON coordinators FROM \(admin)", "DROP OWNED BY \(admin)")
            try await TestDatabase.clusterSuperuser("DROP ROLE IF EXISTS \(admin)")
        }
        var settings = test.settings
        (settings.username, settings.password) = (admin, "admin")
        do {
            let result = try await body(settings)
            try await drop()
            return result
        } catch {
            try? await drop()
            throw error
        }
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
