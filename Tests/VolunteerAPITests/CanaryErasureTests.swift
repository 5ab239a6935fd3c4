import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@testable import VolunteerAPI

/// The canary's copy holds the canary and no one else; a second applicant,
/// erased by a coordinator, leaves nothing in the database that scripts/test
/// dumps. (The canary's own sealed data stays there, for the dump's search.)
extension CanaryTests {
    static let sparrow = PersonalData(
        name: "Sparrow Ilona Vitrova", email: "ilona.sparrow.k4m2@example.org", telegram: "@sparrow_k4m2",
        signal: "+380 50 000 4242", motivation: "motivation-sparrow-k4m2")
    static let sparrowNote = "note-sparrow-k4m2"

    static func exportTheCanaryAndEraseASparrow(
        _ test: TestDatabase, coordinator: DatabaseSettings, alice: CoordinatorPrivateKey, canary: Application,
        environment: [String: String]
    ) async throws {
        let sparrow = try await test.withRole(in: "vtrack_api") { api in
            try await Database.withDatabase(api, logger: TestEnvironment.logger) { server in
                try await ApplicationIntake(
                    keyring: RecipientKeyring(database: server, logger: TestEnvironment.logger),
                    blindIndex: try BlindIndex(encodedKey: Data(repeating: 9, count: 32).base64EncodedString()),
                    applications: ApplicationRepository(database: server)
                ).submit(
                    ApplicationDraft(
                        positionSlug: "translator", languages: ["pl"], skills: ["translation"], timeZone: "Europe/Warsaw",
                        source: "website", personalData: Self.sparrow,
                        availability: Availability(
                            hoursPerWeek: 3, windows: [WeeklyWindow(day: .mon, start: TimeOfDay("07:00")!, end: TimeOfDay("08:00")!)],
                            blackouts: [Blackout(from: LocalDate("2030-05-01")!, to: LocalDate("2030-05-02")!)]),
                        privacyPolicyVersion: "2026-01"
                    ))
            }
        }
        try await Database.withDatabase(coordinator, logger: TestEnvironment.logger) { database in
            try await PersonalDataRepository(database: database, key: alice).addNote(Self.sparrowNote, aboutApplication: sparrow.id)
        }

        let export = try await BinaryRunner.run("vtrack", ["applicants", "export", ShortID.display(canary.id)], environment: environment)
        #expect(export.status == 0, "\(export.standardError)")
        #expect(!Canary.appears(in: export.standardError))
        let copy = export.standardOutput
        #expect(copy.contains(Canary.person.name) && copy.contains(Canary.note) && copy.contains(Canary.person.motivation!))
        for string in [Self.sparrow.name, Self.sparrow.email!, Self.sparrow.telegram!, Self.sparrowNote, sparrow.id.uuidString] {
            #expect(!copy.lowercased().contains(string.lowercased()), "the canary's copy holds another applicant's data")
        }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(copy.utf8)) as? [String: Any])
        #expect(((document["applicant"] as? [String: Any])?["id"] as? String)?.lowercased() == canary.applicantID.uuidString.lowercased())
        #expect(
            (document["applications"] as? [[String: Any]])?.compactMap { ($0["id"] as? String)?.lowercased() }
                == [canary.id.uuidString.lowercased()])
        #expect((document["notes"] as? [[String: Any]])?.count == 2, "the note, and the rejection's")

        let erased = try await BinaryRunner.run(
            "vtrack", ["applicants", "erase", sparrow.applicantID.uuidString, "--reason", "request", "--yes"], environment: environment)
        #expect(erased.status == 0, "\(erased.standardError)")
        let id = "'\(sparrow.applicantID.uuidString)'"
        for table in [
            "applicant_personal_data", "applicant_notes", "applicant_keys", "applicant_data_keys", "availability_windows",
            "availability_blackouts", "applicant_skills",
        ] {
            #expect(try await test.values("SELECT count(*)::text FROM \(table) WHERE applicant_id = \(id)") == ["0"], "\(table)")
        }
        #expect(
            try await test.values(
                "SELECT (languages = '{}' AND time_zone IS NULL AND hours_per_week IS NULL)::text FROM applicants WHERE id = \(id)")
                == ["true"])
        #expect(
            try await test.values("SELECT count(*)::text FROM applicant_personal_data WHERE applicant_id = '\(canary.applicantID)'") == [
                "1"
            ],
            "the canary's sealed data stays for the dump's search")
    }
}
