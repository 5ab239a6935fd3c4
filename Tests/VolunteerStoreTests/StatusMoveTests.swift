import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct StatusMoveTests {
    static func note(_ text: String) -> CoordinatorNote {
        CoordinatorNote(text: text, key: TestSealing.fixtureKey)
    }

    static func notes(about application: Application, _ database: Database) async throws -> [RevealedNote] {
        try await PersonalDataRepository(database: database, key: TestSealing.fixtureKey).notes(of: application.applicantID)
    }

    @Test func aMoveWritesItsNoteAndARefusedMoveWritesNone() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let application = try await Fixtures.application(database)
                let move = StatusMove(database: database)
                let rejected = try await move.application(
                    application.id, to: .rejected, reason: .other, note: Self.note("asked to wait a month"))
                #expect(rejected.status == .rejected && rejected.rejectionReason == .other)
                await #expect(throws: DomainError.self) {
                    try await move.application(application.id, to: .screening, note: Self.note("never written"))
                }
                let notes = try await Self.notes(about: application, database)
                #expect(notes.map { try? $0.text.get() } == ["asked to wait a month"])
                #expect(notes.map(\.applicationID) == [application.id])
            }
            #expect(
                try await test.values(
                    "SELECT string_agg(event_type, ',' ORDER BY seq) FROM events WHERE event_type IN ('application.status_changed', 'note.added')"
                ) == ["application.status_changed,note.added"])
        }
    }

    @Test func aTasksNoteIsAboutTheVolunteersApplication() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let (volunteer, onboarding) = try await OnboardingTests.accepted(database) {
                    try await $0.setTemplate(.position("editor"), tasks: OnboardingTests.template)
                }
                let task = try await OnboardingTests.tasks(of: volunteer, onboarding)[1]
                let skipped = try await StatusMove(database: database)
                    .task(task.id, to: .skipped, reason: "read it last year", note: Self.note("prefers calls to e-mail"))
                #expect(skipped.state == .skipped && skipped.reason == "read it last year")
                let application = try await ApplicationRepository(database: database).find(id: volunteer.applicationID)
                let notes = try await Self.notes(about: application, database)
                #expect(notes.map { try? $0.text.get() } == ["prefers calls to e-mail"])
                #expect(notes.map(\.applicationID) == [application.id])
            }
        }
    }
}
