import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct PipelineTests {
    @Test func theDatabaseAndTheCodeAgreeOnEveryTransition() async throws {
        try await TestDatabase.withMigrated { test in
            for from in ApplicationStatus.allCases {
                let heldFroms: [ApplicationStatus?] = from == .onHold ? [.submitted, .screening, .interview, .offered] : [nil]
                for heldFrom in heldFroms {
                    let held = heldFrom.map { "'\($0.rawValue)'" } ?? "NULL"
                    let sql = try await test.values(
                        "SELECT array_to_string(application_next_statuses('\(from.rawValue)', \(held)), ',')"
                    )
                    #expect(sql == [from.allowedNext(heldFrom: heldFrom).map(\.rawValue).joined(separator: ",")], "\(from)")
                }
            }
            for from in PositionStatus.allCases {
                let sql = try await test.values("SELECT array_to_string(position_next_statuses('\(from.rawValue)'), ',')")
                #expect(sql == [from.allowedNext().map(\.rawValue).joined(separator: ",")])
            }
            for from in VolunteerStatus.allCases {
                let sql = try await test.values("SELECT array_to_string(volunteer_next_statuses('\(from.rawValue)'), ',')")
                #expect(sql == [from.allowedNext().map(\.rawValue).joined(separator: ",")])
            }
            for from in TaskState.allCases {
                let sql = try await test.values("SELECT array_to_string(task_next_states('\(from.rawValue)'), ',')")
                #expect(sql == [from.allowedNext().map(\.rawValue).joined(separator: ",")])
            }
        }
    }

    @Test func everyChangeIsAnEventByTheCoordinatorsRole() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, role in
                let position = try await Fixtures.openPosition(database)
                let applications = ApplicationRepository(database: database)
                let submitted = try await Fixtures.application(database, person: PersonalData(name: "CANARY-Olena"))
                _ = try await applications.move(id: submitted.id, to: .screening)
                _ = try await applications.assign(id: submitted.id, to: role)
                let rejected = try await applications.move(id: submitted.id, to: .rejected, reason: .notAFit)
                #expect(rejected.status == .rejected)
                #expect(rejected.rejectionReason == .notAFit)
                #expect(rejected.version == 4)

                let log = EventLog(database: database)
                let applicationEvents = try await log.list(.init(entityType: "application", entityID: submitted.id))
                #expect(
                    applicationEvents.map(\.eventType) == [
                        "application.submitted", "application.status_changed", "application.assigned", "application.status_changed",
                    ])
                #expect(applicationEvents.map(\.toState) == ["submitted", "screening", "screening", "rejected"])
                #expect(applicationEvents.allSatisfy { $0.actor == role })
                #expect(applicationEvents.last?.payload.contains(#""reason": "not_a_fit""#) == true)

                let positionEvents = try await log.list(.init(entityType: "position", entityID: position.id))
                #expect(positionEvents.map(\.eventType) == ["position.created", "position.skills_added", "position.status_changed"])
                #expect(positionEvents.last.map { ($0.fromState, $0.toState) }! == ("draft", "open"))
            }
            let payloads = try await test.values("SELECT string_agg(payload::text || actor || coalesce(to_state, ''), ' ') FROM events")
            #expect(payloads.first??.contains("CANARY") == false, "events never carry personal data")
        }
    }

    @Test func acceptingCreatesTheVolunteerInTheSameTransaction() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let application = try await Fixtures.application(database)
                _ = try await ApplicationRepository(database: database).move(id: application.id, to: .accepted)
                let volunteers = VolunteerRepository(database: database)
                let volunteer = try await volunteers.find(applicationID: application.id)
                #expect(volunteer.status == .active, "no onboarding template, so no required task to wait for")
                #expect(try await volunteers.move(id: volunteer.id, to: .paused).status == .paused)
                #expect(try await volunteers.move(id: volunteer.id, to: .active).status == .active)
                #expect(try await volunteers.move(id: volunteer.id, to: .alumni).status == .alumni)
                await #expect(
                    throws: DomainError.illegalTransition(
                        entity: "volunteer", id: volunteer.id.uuidString, current: "alumni", wanted: "active", allowed: []
                    )
                ) { try await volunteers.move(id: volunteer.id, to: .active) }
                let events = try await EventLog(database: database).list(.init(entityType: "volunteer", entityID: volunteer.id))
                #expect(events.map(\.eventType) == ["volunteer.created"] + Array(repeating: "volunteer.status_changed", count: 4))
            }
        }
    }

    @Test func illegalMovesAreRefusedByTheCodeAndByTheDatabase() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let application = try await Fixtures.application(database)
                let applications = ApplicationRepository(database: database)
                _ = try await applications.move(id: application.id, to: .interview)
                await #expect(
                    throws: DomainError.illegalTransition(
                        entity: "application", id: application.id.uuidString, current: "interview", wanted: "screening",
                        allowed: ["offered", "accepted", "rejected", "withdrawn", "on_hold"]
                    )
                ) { try await applications.move(id: application.id, to: .screening) }
                await #expect(throws: DomainError.reasonRequired(entity: "application", id: application.id.uuidString, action: "rejecting"))
                {
                    try await applications.move(id: application.id, to: .rejected)
                }

                let error = await #expect(throws: PSQLError.self) {
                    try await database.client.query(
                        "UPDATE applications SET status = 'screening' WHERE id = \(application.id)", logger: database.logger
                    )
                }
                #expect(error?.serverInfo?[.sqlState] == "VT001")
                #expect(error?.serverInfo?[.message]?.contains("is interview; it cannot move to screening") == true)
                #expect(error?.serverInfo?[.detail] == "allowed next: offered, accepted, rejected, withdrawn, on_hold")
            }
        }
    }

    @Test func onHoldReturnsToWhereItCameFrom() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let application = try await Fixtures.application(database)
                let applications = ApplicationRepository(database: database)
                _ = try await applications.move(id: application.id, to: .interview)
                let held = try await applications.move(id: application.id, to: .onHold)
                #expect(held.heldFrom == .interview)
                await #expect(throws: DomainError.self) { try await applications.move(id: application.id, to: .offered) }
                let back = try await applications.move(id: application.id, to: .interview)
                #expect(back.status == .interview)
                #expect(back.heldFrom == nil)
            }
        }
    }

    @Test func aManualUpdateStillWritesItsEventAndCannotFakeTheActor() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, role in
                _ = try await Fixtures.openPosition(database)
                let application = try await Fixtures.application(database)
                try await database.client.withConnection { connection in
                    try await connection.query(
                        "SELECT set_config('vtrack.actor', 'applicant:\(unescaped: application.applicantID.uuidString.lowercased())', false)",
                        logger: database.logger
                    )
                    try await connection.query(
                        "UPDATE applications SET status = 'screening' WHERE id = \(application.id)", logger: database.logger
                    )
                }
                let events = try await EventLog(database: database).list(.init(entityID: application.id))
                #expect(events.last?.eventType == "application.status_changed")
                #expect(events.last?.toState == "screening")
                #expect(events.last?.actor == role, "a coordinator cannot claim to be an applicant")
            }
        }
    }

    @Test func aRolledBackChangeLeavesNeitherTheChangeNorItsEvent() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let application = try await Fixtures.application(database)
                struct Abort: Error {}
                await #expect(throws: Abort.self) {
                    try await database.withTransaction { connection in
                        try await connection.query(
                            "UPDATE applications SET status = 'screening' WHERE id = \(application.id)", logger: database.logger
                        )
                        throw Abort()
                    }
                }
                #expect(try await ApplicationRepository(database: database).find(id: application.id).status == .submitted)
                let events = try await EventLog(database: database).list(.init(entityID: application.id))
                #expect(events.map(\.eventType) == ["application.submitted"])
            }
        }
    }

    @Test func ofParallelMovesExactlyOneWins() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let application = try await Fixtures.application(database)
                let applications = ApplicationRepository(database: database)
                let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for target in [
                        ApplicationStatus.screening, .interview, .offered, .onHold, .withdrawn, .screening, .interview, .offered,
                    ] {
                        group.addTask {
                            do {
                                _ = try await applications.move(id: application.id, to: target, expectedVersion: application.version)
                                return true
                            } catch DomainError.conflict {
                                return false
                            }
                        }
                    }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 }.count == 1)
                let events = try await EventLog(database: database).list(.init(entityID: application.id))
                #expect(events.filter { $0.eventType == "application.status_changed" }.count == 1)
                #expect(try await applications.find(id: application.id).version == 2)
            }
        }
    }

    @Test func onlyOpenPositionsTakeApplications() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let positions = PositionRepository(database: database)
                _ = try await VocabularyRepository(database: database, vocabulary: .skills).add(slug: "editing", label: "Editing")
                let draft = try await positions.create(NewPosition(slug: "translator", title: "Translator", team: "Editorial"))
                await #expect(throws: DomainError.positionNotOpen(slug: "translator", status: "draft")) {
                    _ = try await Fixtures.application(database, position: "translator")
                }
                let error = await #expect(throws: PSQLError.self) {
                    try await database.client.query(
                        """
                        WITH a AS (INSERT INTO applicants (time_zone) VALUES ('UTC') RETURNING id)
                        INSERT INTO applications (applicant_id, position_id) SELECT id, \(draft.id) FROM a
                        """,
                        logger: database.logger
                    )
                }
                #expect(error?.serverInfo?[.sqlState] == "VT002")
                #expect(try await test.values("SELECT count(*)::text FROM applicants") == ["0"], "nothing half-written")
            }
        }
    }

    @Test func reopeningAClosedPositionNeedsAReason() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let positions = PositionRepository(database: database)
                _ = try await positions.move(slug: "editor", to: .closed)
                await #expect(throws: DomainError.reasonRequired(entity: "position", id: "editor", action: "reopening")) {
                    try await positions.move(slug: "editor", to: .open)
                }
                await #expect(throws: PSQLError.self) {
                    try await database.client.query("UPDATE positions SET status = 'open' WHERE slug = 'editor'", logger: database.logger)
                }
                #expect(try await positions.move(slug: "editor", to: .open, reason: "a second opening").status == .open)
                await #expect(
                    throws: DomainError.illegalTransition(
                        entity: "position", id: "editor", current: "open", wanted: "draft", allowed: ["paused", "closed"]
                    )
                ) { try await positions.move(slug: "editor", to: .draft) }
            }
        }
    }

    @Test func unknownSkillsAndDuplicateSlugsAreNamed() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let positions = PositionRepository(database: database)
                await #expect(throws: DomainError.unknownReference(entity: "skill", key: "knitting")) {
                    try await positions.create(NewPosition(slug: "knitter", title: "Knitter", team: "Crafts", skills: ["knitting"]))
                }
                _ = try await positions.create(NewPosition(slug: "writer", title: "Writer", team: "Editorial"))
                await #expect(throws: DomainError.alreadyExists(entity: "position", key: "writer")) {
                    try await positions.create(NewPosition(slug: "writer", title: "Writer", team: "Editorial"))
                }
            }
        }
    }

    @Test func refusedValuesAreNamedByRuleNeverEchoed() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let error = await #expect(throws: DomainError.self) {
                    try await PositionRepository(database: database).create(
                        NewPosition(slug: "Olena Petrenko", title: "Editor", team: "Editorial")
                    )
                }
                #expect(error == .invalid(field: "position", reason: "a value breaks the rule positions_slug_check"))
                #expect(error?.description.contains("Olena") == false)
            }
        }
    }

    /// The weekly report's "time to first response" reads this column.
    @Test func aCoordinatorsFirstMoveOrAssignmentIsTheFirstResponseOnce() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, role in
                _ = try await Fixtures.openPosition(database)
                let applications = ApplicationRepository(database: database)
                let assigned = try await Fixtures.application(database)
                let moved = try await Fixtures.application(database)
                func firstResponse(_ id: UUID) async throws -> Date? {
                    try await database.client.query(
                        "SELECT first_response_at FROM applications WHERE id = \(id)", logger: database.logger
                    ).collect().first?.decode(Date?.self)
                }
                #expect(try await firstResponse(moved.id) == nil, "submitting is not a response")

                _ = try await applications.assign(id: assigned.id, to: role)
                _ = try await applications.move(id: moved.id, to: .screening)
                let (byAssignment, byMove) = (try await firstResponse(assigned.id), try await firstResponse(moved.id))
                #expect(byAssignment != nil && byMove != nil)

                _ = try await applications.move(id: moved.id, to: .interview)
                _ = try await applications.move(id: assigned.id, to: .screening)
                await DatabaseRoleTests.expectDenied(
                    database, "UPDATE applications SET first_response_at = '2000-01-01T00:00Z' WHERE id = '\(moved.id)'"
                )
                #expect(try await firstResponse(moved.id) == byMove, "set once, never by hand")
                #expect(try await firstResponse(assigned.id) == byAssignment)
            }
        }
    }
}
