import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// `vtrack applicants export` and `erase` through the real binary, as a
/// coordinator whose key opens the applicants.
@Suite struct ApplicantsCommandTests {
    typealias Pipeline = ApplicationsCommandTests.Pipeline
    static let person = KeysCommandTests.canary
    static let note = "Spoke on the phone; prefers evenings."

    static func short(_ id: UUID) -> String { ShortID.display(id) }

    static func applicant(of application: UUID, _ pipeline: Pipeline) async throws -> UUID {
        try await pipeline.test.withDatabase { try await ApplicationRepository(database: $0).find(id: application).applicantID }
    }

    /// A note and availability for the first application's applicant, written as the coordinator.
    static func enrich(_ pipeline: Pipeline) async throws -> UUID {
        let key = try CoordinatorPrivateKey(fileContents: String(contentsOfFile: pipeline.environment["VTRACK_KEY_FILE"]!, encoding: .utf8))
        let application = pipeline.ids[0]
        return try await Database.withDatabase(pipeline.settings, logger: TestEnvironment.logger) { database in
            try await PersonalDataRepository(database: database, key: key).addNote(Self.note, aboutApplication: application)
            let applicant = try await ApplicationRepository(database: database).find(id: application).applicantID
            try await AvailabilityRepository(database: database).set(
                Availability(
                    hoursPerWeek: 6, windows: [WeeklyWindow(day: .sat, start: TimeOfDay("09:00")!, end: TimeOfDay("13:00")!)],
                    blackouts: [Blackout(from: LocalDate("2030-01-01")!, to: LocalDate("2030-01-07")!)]),
                for: PersonReference(applicantID: applicant))
            return applicant
        }
    }

    /// Every key of a document, at any depth, but inside event payloads (ids and codes as logged).
    static func keys(of value: Any) -> Set<String> {
        if let array = value as? [Any] { return array.reduce(into: []) { $0.formUnion(keys(of: $1)) } }
        guard let object = value as? [String: Any] else { return [] }
        return object.reduce(into: Set(object.keys)) { keys, entry in
            if entry.key != "payload" { keys.formUnion(Self.keys(of: entry.value)) }
        }
    }

    static func count(_ pipeline: Pipeline, _ sql: String) async throws -> Int {
        Int(try await pipeline.test.values("SELECT (\(sql))::text").first.flatMap { $0 } ?? "") ?? -1
    }

    @Test func exportHoldsExactlyTheApplicantsDataAndIsLoggedAsReveals() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let applicant = try await Self.enrich(pipeline)
            let revealsBefore = try await Self.count(
                pipeline, "SELECT count(*) FROM events WHERE event_type IN ('personal_data.revealed', 'notes.revealed')")

            let run = try await pipeline.vtrack("applicants", "export", Self.short(pipeline.ids[0]))
            #expect(run.status == 0, "\(run.standardError)")
            #expect(!run.standardError.contains(Self.person.name) && !run.standardError.contains(Self.note))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
            #expect(document["format"] as? String == "vtrack-applicant-export" && document["format_version"] as? Int == 1)
            #expect(document["exported_by"] as? String == pipeline.settings.username && document["exported_with_key"] as? String == "me")
            let personal = try #require(document["personal_data"] as? [String: Any])
            #expect(Set(personal.keys) == ["name", "email", "telegram"])
            #expect(personal["name"] as? String == Self.person.name && personal["email"] as? String == Self.person.email)
            #expect(personal["telegram"] as? String == Self.person.telegram)
            let facts = try #require(document["applicant"] as? [String: Any])
            #expect((facts["id"] as? String)?.lowercased() == applicant.uuidString.lowercased())
            #expect(facts["languages"] as? [String] == ["uk"] && facts["skills"] as? [String] == ["editing"])
            #expect(facts["time_zone"] as? String == "Europe/Kyiv" && facts["hours_per_week"] as? Double == 6)
            #expect(facts["erased_at"] == nil)
            let applications = try #require(document["applications"] as? [[String: Any]])
            #expect(applications.compactMap { ($0["id"] as? String)?.lowercased() } == [pipeline.ids[0].uuidString.lowercased()])
            #expect(
                applications.first?["position_slug"] as? String == "editor" && applications.first?["position_title"] as? String == "Editor")
            #expect(applications.first?["status"] as? String == "submitted" && applications.first?["source"] as? String == "website")
            let timeline = try #require(applications.first?["timeline"] as? [[String: Any]])
            #expect(timeline.first?["event_type"] as? String == "application.submitted")
            let notes = try #require(document["notes"] as? [[String: Any]])
            #expect(notes.map { $0["text"] as? String } == [Self.note] && notes.first?["author"] as? String == pipeline.settings.username)
            let availability = try #require(document["availability"] as? [String: Any])
            #expect(availability["hours_per_week"] as? Double == 6)
            #expect((availability["windows"] as? [[String: String]]) == [["day": "sat", "start": "09:00", "end": "13:00"]])
            #expect((availability["blackouts"] as? [[String: String]]) == [["from": "2030-01-01", "to": "2030-01-07"]])
            #expect((document["volunteers"] as? [Any])?.isEmpty == true)
            let events = try #require(document["events"] as? [[String: Any]])
            let types = events.compactMap { $0["event_type"] as? String }
            #expect(types.contains("personal_data.revealed") && types.contains("notes.revealed"), "the export's own reveals")
            #expect(types.contains("note.added") && types.contains("availability.updated"))
            let documentation = try String(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("docs/privacy.md"),
                encoding: .utf8)
            for key in Self.keys(of: document) {
                #expect(documentation.contains("`\(key)`"), "docs/privacy.md does not describe `\(key)`")
            }
            for other in pipeline.ids.dropFirst() {
                #expect(!run.standardOutput.lowercased().contains(other.uuidString.lowercased()), "another applicant's application")
            }
            #expect(
                try await Self.count(
                    pipeline, "SELECT count(*) FROM events WHERE event_type IN ('personal_data.revealed', 'notes.revealed')")
                    == revealsBefore + 2)
        }
    }

    @Test func theFileIsPrivateAndNeverOverwritten() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let folder = URL(fileURLWithPath: pipeline.environment["HOME"]!)
            let path = folder.appendingPathComponent("copies/copy.json").path
            let written = try await pipeline.vtrack("applicants", "export", Self.short(pipeline.ids[1]), "--out", path)
            #expect(written.status == 0, "\(written.standardError)")
            #expect(written.standardOutput.isEmpty && !written.standardError.contains(Self.person.name))
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let contents = try String(contentsOfFile: path, encoding: .utf8)
            #expect(contents.contains(Self.person.name))
            let reveals = try await Self.count(pipeline, "SELECT count(*) FROM events WHERE event_type = 'personal_data.revealed'")

            let again = try await pipeline.vtrack("applicants", "export", Self.short(pipeline.ids[2]), "--out", path)
            #expect(again.status == 1 && again.standardError.contains("never overwritten"))
            #expect(try String(contentsOfFile: path, encoding: .utf8) == contents)
            #expect(
                try await Self.count(pipeline, "SELECT count(*) FROM events WHERE event_type = 'personal_data.revealed'") == reveals,
                "a refused file opens nothing")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("copies").path)
            #expect(leftovers == ["copy.json"])
        }
    }

    @Test func aCoordinatorErasesAndTheExportThenHoldsNothingPersonal() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let applicant = try await Self.enrich(pipeline)
            let short = Self.short(pipeline.ids[0])
            let erased = try await pipeline.vtrack("applicants", "erase", short, "--reason", "request", "--yes")
            #expect(erased.status == 0, "\(erased.standardError)")
            #expect(erased.standardOutput.contains("erased applicant \(applicant.uuidString.lowercased()) (reason: request)"))
            #expect(erased.standardOutput.contains("withdrew 1 open application(s)"))
            let id = "'\(applicant.uuidString)'"
            for table in [
                "applicant_personal_data", "applicant_notes", "applicant_keys", "applicant_data_keys", "availability_windows",
                "availability_blackouts", "applicant_skills",
            ] {
                #expect(try await Self.count(pipeline, "SELECT count(*) FROM \(table) WHERE applicant_id = \(id)") == 0, "\(table)")
            }
            #expect(
                try await pipeline.test.values(
                    """
                    SELECT (languages = '{}' AND time_zone IS NULL AND hours_per_week IS NULL AND email_index IS NULL
                            AND erasure_reason = 'request')::text
                    FROM applicants WHERE id = \(id)
                    """) == ["true"])
            #expect(
                try await pipeline.test.values(
                    "SELECT actor || ' ' || (payload->>'reason') FROM events WHERE event_type = 'applicant.erased' AND entity_id = \(id)")
                    == ["\(pipeline.settings.username) request"])
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM applicants WHERE erased_at IS NULL") == 2, "the others stay")

            let again = try await pipeline.vtrack("applicants", "erase", applicant.uuidString, "--reason", "other", "--yes")
            #expect(again.status == 1 && again.standardError.contains("already erased") && again.standardError.contains("request"))
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM events WHERE event_type = 'applicant.erased'") == 1)

            let copy = try await pipeline.vtrack("applicants", "export", short)
            #expect(copy.status == 0, "\(copy.standardError)")
            #expect(!copy.standardOutput.contains(Self.person.name) && !copy.standardOutput.contains(Self.note))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(copy.standardOutput.utf8)) as? [String: Any])
            #expect(document["personal_data"] == nil && document["availability"] == nil)
            #expect((document["notes"] as? [Any])?.isEmpty == true)
            let facts = try #require(document["applicant"] as? [String: Any])
            #expect(facts["erasure_reason"] as? String == "request" && facts["erased_at"] != nil && facts["time_zone"] == nil)
            #expect((document["applications"] as? [[String: Any]])?.first?["status"] as? String == "withdrawn")
        }
    }

    @Test func anAcceptedVolunteerIsOffboardedFirst() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let folder = URL(fileURLWithPath: pipeline.environment["HOME"]!)
            let template = try OnboardingCommandTests.write(OnboardingCommandTests.template, in: folder)
            #expect(try await pipeline.vtrack("onboarding", "template", "set", "editor", "--file", template).status == 0)
            let short = Self.short(pipeline.ids[0])
            #expect(try await pipeline.vtrack("applications", "move", short, "accepted").status == 0)
            let before = try #require(
                try JSONSerialization.jsonObject(with: Data(try await pipeline.vtrack("applicants", "export", short).standardOutput.utf8))
                    as? [String: Any])
            let volunteer = try #require((before["volunteers"] as? [[String: Any]])?.first)
            #expect((volunteer["tasks"] as? [[String: Any]])?.map { $0["state"] as? String } == ["open", "open", "open"])
            let volunteerID = try #require(volunteer["id"] as? String)

            let erased = try await pipeline.vtrack("applicants", "erase", short, "--reason", "retention", "--yes")
            #expect(erased.status == 0, "\(erased.standardError)")
            #expect(erased.standardOutput.contains("offboarded 1 volunteer(s); cancelled 3 open task(s)"))
            #expect(try await pipeline.test.values("SELECT status::text FROM volunteers WHERE id = '\(volunteerID)'") == ["alumni"])
            #expect(
                try await pipeline.test.values("SELECT DISTINCT state::text FROM onboarding_tasks WHERE volunteer_id = '\(volunteerID)'")
                    == ["cancelled"])
            #expect(
                try await Self.count(
                    pipeline,
                    """
                    SELECT count(*) FROM events e JOIN onboarding_tasks t ON t.id = e.entity_id
                    WHERE e.entity_type = 'onboarding_task' AND e.to_state = 'cancelled' AND t.volunteer_id = '\(volunteerID)'
                    """) == 3, "one event per task")
            #expect(
                try await Self.count(
                    pipeline, "SELECT count(*) FROM events WHERE entity_id = '\(volunteerID)' AND to_state = 'alumni'") == 1)
            #expect(try await pipeline.test.values("SELECT status::text FROM applications WHERE id = '\(pipeline.ids[0])'") == ["accepted"])
        }
    }

    @Test func atATerminalTheShortIDMustBeTypedBack() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let applicant = try await Self.applicant(of: pipeline.ids[0], pipeline)
            let short = Self.short(applicant)
            let command =
                "DATABASE_URL='\(pipeline.settings.url)' '\(TestEnvironment.binary("vtrack").path)' applicants erase \(Self.short(pipeline.ids[0])) --reason request"
            let refused = try await PassphrasePromptTests.onTerminal(command) { type, waitFor in
                try await waitFor("Type \(short) to erase: ")
                try type("0000000\n")
                try await waitFor("nothing was erased")
            }
            #expect(refused.contains("cannot be undone") && refused.contains("Stays: 1 application(s)"))
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM applicants WHERE erased_at IS NOT NULL") == 0)
            _ = try await PassphrasePromptTests.onTerminal(command) { type, waitFor in
                try await waitFor("Type \(short) to erase: ")
                try type("\(short.uppercased())\n")
                try await waitFor("erased applicant")
            }
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM applicants WHERE erased_at IS NOT NULL") == 1)
        }
    }

    @Test func aKeyWithoutTheOrganisationKeyIsToldSo() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let other = URL(fileURLWithPath: pipeline.environment["HOME"]!).appendingPathComponent("other.key").path
            let registered = try await pipeline.vtrack("keys", "init", "--name", "other", "--key-file", other, "--no-passphrase")
            #expect(registered.status == 0, "\(registered.standardError)")
            let run = try await pipeline.vtrack("applicants", "export", Self.short(pipeline.ids[0]), "--key-file", other)
            #expect(run.status == 77, "\(run.standardError)")
            #expect(run.standardError.contains("key other cannot open") && run.standardError.contains("vtrack keys grant other"))
            #expect(run.standardOutput.isEmpty && !run.standardError.contains(Self.person.name))
        }
    }

    static let badInvocations: [([String], Int32, String)] = [
        (["applicants", "erase", "ffffffff", "--reason", "request", "--yes"], 65, "no applicant or application ffffffff"),
        (["applicants", "erase", "ffffffff-ffff-4fff-bfff-ffffffffffff", "--reason", "request", "--yes"], 65, "no applicant"),
        (["applicants", "erase", "ffffffff", "--reason", "bored", "--yes"], 64, "'request', 'retention', 'duplicate'"),
        (["applicants", "erase", "ffffffff", "--reason", "request"], 64, "--yes"),
        (["applicants", "erase", "ffffffff", "--yes"], 64, "--reason"),
        (["applicants", "export", "ffffffff"], 65, "no applicant or application ffffffff"),
    ]

    @Test(arguments: badInvocations)
    func badInvocationsExitWithTheirCode(arguments: [String], status: Int32, message: String) async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let run = try await BinaryRunner.run("vtrack", arguments, environment: pipeline.environment)
            #expect(run.status == status, "\(arguments): \(run.standardError)")
            #expect(run.standardError.contains(message), "\(run.standardError)")
            #expect(run.standardOutput.isEmpty)
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM applicants WHERE erased_at IS NOT NULL") == 0)
        }
    }
}
