import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// A position's translations: read in the reader's language (or its
/// primary one), each change an event whatever SQL a coordinator types,
/// and the server's login reads those of open positions only.
@Suite struct PositionTranslationTests {
    @Test func theReadersLanguageFindsItsTranslationOrThePositionsOwnText() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let positions = PositionRepository(database: database)
                try await positions.translate(slug: "editor", PositionTranslation(language: "ru", title: "Редактор", description: "Текст."))
                try await positions.translate(slug: "editor", PositionTranslation(language: "en-GB", title: "Editor (UK)", description: ""))
                #expect(try await positions.listOpen(readIn: "ru-RU").first?.title == "Редактор")
                #expect(try await positions.listOpen(readIn: "ru-RU").first?.translation == "ru")
                #expect(try await positions.listOpen(readIn: "en-GB").first?.title == "Editor (UK)", "the exact tag first")
                #expect(try await positions.listOpen(readIn: "cs").first?.title == "Editor")
                #expect(try await positions.listOpen(readIn: "cs").first?.translation == nil)
                #expect(try await positions.listOpen().first?.title == "Editor")
            }
        }
    }

    @Test func aTranslationTypedByHandIsAnEventAndItsStampsAreTheDatabases() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in _ = try await Fixtures.openPosition(database) }
            try await HostileInsiderTests.asRole(test, in: "vtrack_coordinator") { connection, _ in
                _ = try await HostileInsiderTests.run(
                    connection,
                    "INSERT INTO position_translations (position_id, language, title) SELECT id, 'uk', 'Редактор' FROM positions")
                for sql in [
                    "UPDATE position_translations SET updated_by = 'someone_else'",
                    "UPDATE position_translations SET language = 'ru'",
                    "INSERT INTO position_translations (position_id, language, title, updated_at) SELECT id, 'cs', 'x', '2020-01-01' FROM positions",
                ] {
                    await HostileInsiderTests.expectRefused(connection, sql, "42501")
                }
                _ = try await HostileInsiderTests.run(connection, "DELETE FROM position_translations")
            }
            #expect(
                try await test.values(
                    "SELECT event_type || ' ' || (payload->>'language') FROM events WHERE entity_type = 'position' ORDER BY seq DESC LIMIT 2"
                )
                    == ["position.translation_removed uk", "position.translated uk"])
        }
    }

    @Test func theServersLoginReadsTranslationsOfOpenPositionsOnly() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let positions = PositionRepository(database: database)
                _ = try await positions.create(NewPosition(slug: "draft", title: "Secret plan", team: "Board"))
                for slug in ["editor", "draft"] {
                    try await positions.translate(
                        slug: slug, PositionTranslation(language: "ru", title: "Перевод \(slug)", description: ""))
                }
            }
            try await HostileInsiderTests.asRole(test, in: "vtrack_api") { connection, _ in
                let rows = try await HostileInsiderTests.run(connection, "SELECT title FROM position_translations")
                #expect(try rows.map { try $0.decode(String.self) } == ["Перевод editor"])
                await HostileInsiderTests.expectRefused(
                    connection, "INSERT INTO position_translations (position_id, language, title) SELECT id, 'cs', 'x' FROM positions",
                    "42501")
            }
        }
    }
}
