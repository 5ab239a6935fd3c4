import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct AuditCommandTests {
    @Test func sealsVerifiesAndReadsTheLogThroughTheBinary() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                let env = ["DATABASE_URL": settings.url]
                func vtrack(_ arguments: String...) async throws -> BinaryRun {
                    try await BinaryRunner.run("vtrack", arguments, environment: env)
                }
                let application = try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                    _ = try await VocabularyRepository(database: database, vocabulary: .skills).add(slug: "editing", label: "Editing")
                    _ = try await PositionRepository(database: database).create(
                        NewPosition(slug: "editor", title: "Editor", team: "Editorial"))
                    _ = try await PositionRepository(database: database).move(slug: "editor", to: .open)
                    let application = try await ApplicationRepository(database: database).submit(
                        TestSealing.newApplication(database, person: PersonalData(name: "CANARY-Mykola"))
                    )
                    _ = try await ApplicationRepository(database: database).move(id: application.id, to: .screening)
                    return application
                }

                let unsealed = try await vtrack("audit", "verify")
                #expect(unsealed.status == 0)
                #expect(unsealed.standardOutput.contains("0 events verified, 6 not sealed yet"))

                try await EventSealing.waitUntilSealable(test)
                #expect(try await vtrack("audit", "seal").status == 0)
                let verify = try await vtrack("audit", "verify", "--json")
                let report = try JSONSerialization.jsonObject(with: Data(verify.standardOutput.utf8)) as? [String: Any] ?? [:]
                #expect(report["unsealed"] as? Int == 0)
                #expect(report["intact"] as? Bool == true)
                #expect(report["verified"] as? Int == 6)
                #expect((report["head_hash"] as? String)?.count == 64)
                #expect(report["head_sequence"] as? Int == 6)

                let log = try await vtrack("audit", "log", "--entity", "application:\(application.id)", "--json")
                #expect(log.status == 0)
                let events = try #require(try JSONSerialization.jsonObject(with: Data(log.standardOutput.utf8)) as? [[String: Any]])
                #expect(events.map { $0["event_type"] as? String } == ["application.submitted", "application.status_changed"])
                #expect(
                    Set(events[0].keys) == [
                        "sequence", "occurred_at", "actor", "entity_type", "entity_id", "event_type", "from_state", "to_state", "payload",
                    ])
                #expect(events[0]["from_state"] is NSNull, "a first event has no previous state")
                #expect(events[1]["actor"] as? String == settings.username)
                #expect((events[1]["payload"] as? [String: Any])?["version"] as? Int == 2)

                let history = try await vtrack("history", "application:\(application.id)")
                #expect(history.status == 0)
                #expect(history.standardOutput.contains("submitted → screening"))
                for run in [unsealed, log, history] { #expect(!run.standardOutput.contains("CANARY")) }

                try await test.superuser("SET session_replication_role = replica", "UPDATE events SET to_state = 'accepted' WHERE seq = 3")
                let broken = try await vtrack("audit", "verify")
                #expect(broken.status == 65)
                #expect(broken.standardError.contains("the audit chain is broken at event 3"))
                #expect(broken.standardOutput.contains("BROKEN after 2 good events"))
            }
        }
    }

    /// A payload comes out as the database stored it: an integer past 2^53
    /// keeps its last digit (a Double would print 9007199254740992).
    @Test func payloadNumbersComeOutAsStored() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.superuser(
                """
                INSERT INTO events (entity_type, entity_id, event_type, payload)
                VALUES ('applicant', gen_random_uuid(), 'test.numbers', '{"big": 9007199254740993, "hours": 2.5, "count": 3}')
                """)
            let log = try await BinaryRunner.run("vtrack", ["audit", "log", "--json"], environment: ["DATABASE_URL": test.settings.url])
            #expect(log.status == 0, "\(log.standardError)")
            #expect(log.standardOutput.contains("9007199254740993"))
            guard case .array(let events) = try JSONParser.parse(Array(log.standardOutput.utf8)),
                case .object(let event)? = events.last, case .object(let payload)? = event["payload"]
            else {
                Issue.record("not a list of events: \(log.standardOutput)")
                return
            }
            #expect(payload == ["big": .number(JSONNumber(9_007_199_254_740_993)), "hours": .number(2.5), "count": .number(3)])
        }
    }

    @Test(arguments: [
        ["audit", "log", "--entity", "application:not-a-uuid"],
        ["audit", "log", "--entity", "person:3f2a9c1e-0d4b-4c47-9a51-8b0e6f1d2c3a"],
        ["audit", "log", "--since", "last tuesday"],
        ["history", "application"],
    ])
    func badFiltersExit65(arguments: [String]) async throws {
        try await TestDatabase.withMigrated { test in
            let run = try await BinaryRunner.run("vtrack", arguments, environment: ["DATABASE_URL": test.settings.url])
            #expect(run.status == 65, "\(arguments): \(run.standardError)")
            #expect(run.standardError.hasPrefix("vtrack: "))
        }
    }
}
