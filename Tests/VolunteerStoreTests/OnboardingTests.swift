import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct OnboardingTests {
    static let template = [
        TemplateTask(title: "Intro call", performer: .coordinator, dueInDays: 2),
        TemplateTask(title: "Read the style guide", performer: .volunteer, dueInDays: 7),
        TemplateTask(title: "Join the newsletter", performer: .volunteer, dueInDays: 14, required: false),
    ]

    /// An accepted volunteer of the `editor` position, after `setUp` ran.
    static func accepted(
        _ database: Database, setUp: (OnboardingRepository) async throws -> Void = { _ in }
    ) async throws -> (Volunteer, OnboardingRepository) {
        _ = try await Fixtures.openPosition(database)
        let onboarding = OnboardingRepository(database: database)
        try await setUp(onboarding)
        let application = try await Fixtures.application(database)
        _ = try await ApplicationRepository(database: database).move(id: application.id, to: .accepted)
        return (try await VolunteerRepository(database: database).find(applicationID: application.id), onboarding)
    }

    static func tasks(of volunteer: Volunteer, _ onboarding: OnboardingRepository) async throws -> [OnboardingTaskRecord] {
        var filter = TaskFilter()
        filter.volunteerID = volunteer.id
        filter.includeClosed = true
        return try await onboarding.tasks(filter).sorted { $0.ord < $1.ord }
    }

    @Test func acceptanceMakesTheTemplatesTasksAndALaterChangeLeavesThemBe() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let (volunteer, onboarding) = try await Self.accepted(database) {
                    try await $0.setTemplate(.position("editor"), tasks: Self.template)
                }
                #expect(volunteer.status == .onboarding)
                let tasks = try await Self.tasks(of: volunteer, onboarding)
                #expect(tasks.map(\.title) == Self.template.map(\.title))
                #expect(tasks.map(\.state) == [.open, .open, .open])
                let today = try await test.values(
                    "SELECT (now() AT TIME ZONE 'Europe/Kyiv')::date + 2 || ' ' || ((now() AT TIME ZONE 'Europe/Kyiv')::date + 7)"
                )
                #expect(
                    today.first! == "\(tasks[0].dueDate) \(tasks[1].dueDate)", "due dates count from acceptance in the volunteer's zone")

                try await onboarding.setTemplate(
                    .position("editor"), tasks: [TemplateTask(title: "Other", performer: .volunteer, dueInDays: 1)])
                #expect(try await Self.tasks(of: volunteer, onboarding).map(\.title) == Self.template.map(\.title))
            }
        }
    }

    @Test func aTeamsTemplateServesItsPositionsWithoutOne() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let (volunteer, onboarding) = try await Self.accepted(database) {
                    try await $0.setTemplate(
                        .team("Editorial"), tasks: [TemplateTask(title: "Team welcome", performer: .coordinator, dueInDays: 1)])
                }
                #expect(try await Self.tasks(of: volunteer, onboarding).map(\.title) == ["Team welcome"])
                #expect(try await onboarding.template(for: .position("editor"))?.kind == "team")
            }
        }
    }

    @Test func theLastRequiredTaskMakesTheVolunteerActive() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let (volunteer, onboarding) = try await Self.accepted(database) {
                    try await $0.setTemplate(.position("editor"), tasks: Self.template)
                }
                let tasks = try await Self.tasks(of: volunteer, onboarding)
                let volunteers = VolunteerRepository(database: database)
                _ = try await onboarding.change(id: tasks[0].id, to: .done)
                #expect(try await volunteers.find(id: volunteer.id).status == .onboarding)
                await #expect(throws: DomainError.reasonRequired(entity: "task", id: tasks[1].shortId, action: "skipping")) {
                    try await onboarding.change(id: tasks[1].id, to: .skipped)
                }
                _ = try await onboarding.change(id: tasks[1].id, to: .skipped, reason: "read it last year")
                #expect(try await volunteers.find(id: volunteer.id).status == .active, "the optional one does not hold it back")
                await #expect(throws: DomainError.self) { try await onboarding.change(id: tasks[0].id, to: .done) }
                #expect(try await onboarding.change(id: tasks[0].id, to: .open).state == .open)
                #expect(try await volunteers.find(id: volunteer.id).status == .active, "reopening does not take it back")

                _ = try await volunteers.move(id: volunteer.id, to: .paused)
                let paused = try await Self.tasks(of: volunteer, onboarding)
                #expect(paused.map(\.state) == [.cancelled, .skipped, .cancelled])
                #expect(paused[2].reason == "volunteer paused")

                let events = try await EventLog(database: database).list(.init(entityType: "onboarding_task", entityID: tasks[1].id))
                #expect(events.map(\.eventType) == ["onboarding_task.created", "onboarding_task.status_changed"])
                #expect(events.last.map { ($0.fromState, $0.toState) }! == ("open", "skipped"))
                #expect(!(events.last?.payload.contains("read it last year") ?? true), "reasons stay out of the log")
            }
        }
    }

    @Test func offboardingCancelsOpenTasksWithAnEventEachAndDeletesNothing() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let (volunteer, onboarding) = try await Self.accepted(database) {
                    try await $0.setTemplate(.position("editor"), tasks: Self.template)
                }
                let tasks = try await Self.tasks(of: volunteer, onboarding)
                _ = try await onboarding.change(id: tasks[0].id, to: .done)
                _ = try await VolunteerRepository(database: database).move(id: volunteer.id, to: .alumni)
                let after = try await Self.tasks(of: volunteer, onboarding)
                #expect(after.map(\.state) == [.done, .cancelled, .cancelled])
                #expect(after[1].reason == "volunteer offboarded")
                let cancelled = try await test.values(
                    "SELECT count(*)::text FROM events WHERE event_type = 'onboarding_task.status_changed' AND to_state = 'cancelled'"
                )
                #expect(cancelled == ["2"])
            }
        }
    }

    @Test func aFailingInstantiationRollsTheAcceptanceBack() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                try await OnboardingRepository(database: database).setTemplate(.position("editor"), tasks: Self.template)
                let application = try await Fixtures.application(database)
                _ = try await ApplicationRepository(database: database).move(id: application.id, to: .offered)
                // A time zone PostgreSQL does not know: the due dates cannot be made.
                _ = try await test.values("UPDATE applicants SET time_zone = 'Mars/Olympus_Mons' WHERE id = '\(application.applicantID)'")
                await #expect(throws: (any Error).self) {
                    try await ApplicationRepository(database: database).move(id: application.id, to: .accepted)
                }
                #expect(try await ApplicationRepository(database: database).find(id: application.id).status == .offered)
                #expect(try await test.values("SELECT count(*)::text FROM volunteers") == ["0"])
                #expect(try await test.values("SELECT count(*)::text FROM onboarding_tasks") == ["0"])
                #expect(try await test.values("SELECT count(*)::text FROM events WHERE event_type LIKE 'volunteer.%'") == ["0"])
            }
        }
    }

    static let dueDates: [(String, String, Int, String)] = [
        // Accepted late on a Saturday night in Kyiv, which is already Sunday there:
        // the night the clocks go forward (29 March 2026, 03:00 → 04:00).
        ("2026-03-28 22:30:00+00", "Europe/Kyiv", 1, "2026-03-30"),
        ("2026-03-28 21:30:00+00", "Europe/Kyiv", 1, "2026-03-29"),
        ("2026-03-28 21:59:00+00", "Europe/Kyiv", 0, "2026-03-28"),
        // New York changes on 8 March, Europe on 29 March: a week when only one side has.
        ("2026-03-10 03:30:00+00", "America/New_York", 2, "2026-03-11"),
        ("2026-03-10 03:30:00+00", "Europe/Prague", 2, "2026-03-12"),
        // Vladivostok is a day ahead of Vancouver for most of the day.
        ("2026-11-30 20:00:00+00", "Asia/Vladivostok", 3, "2026-12-04"),
        ("2026-11-30 20:00:00+00", "America/Vancouver", 3, "2026-12-03"),
        // The autumn night in Europe, clocks back at 04:00 → 03:00 in Kyiv.
        ("2026-10-25 00:30:00+00", "Europe/Kyiv", 7, "2026-11-01"),
    ]

    @Test(arguments: dueDates)
    func dueDatesAreDaysWhereTheVolunteerIs(acceptedAt: String, zone: String, days: Int, due: String) async throws {
        try await TestDatabase.withMigrated { test in
            let value = try await test.values("SELECT onboarding_due_date('\(acceptedAt)'::timestamptz, '\(zone)', \(days))::text")
            #expect(value == [due])
        }
    }
}
