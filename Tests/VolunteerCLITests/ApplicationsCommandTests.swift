import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// `vtrack applications …` through the real binary, as a coordinator with a key.
@Suite struct ApplicationsCommandTests {
    static let canary = KeysCommandTests.canary

    /// A coordinator login with a registered key, three applications sealed
    /// for it, and a way to run `vtrack` as that coordinator.
    struct Pipeline {
        let test: TestDatabase
        let ids: [UUID]
        let settings: DatabaseSettings
        let environment: [String: String]

        func vtrack(_ arguments: String..., input: String? = nil) async throws -> BinaryRun {
            try await BinaryRunner.run("vtrack", arguments, environment: environment, input: input)
        }

        func json(_ arguments: String...) async throws -> Any {
            let run = try await BinaryRunner.run("vtrack", arguments, environment: environment)
            #expect(run.status == 0, "\(run.standardError)")
            return try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8))
        }
    }

    static func withPipeline(_ body: (Pipeline) async throws -> Void) async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                try await KeysCommandTests.withHome { home in
                    let environment = [
                        "DATABASE_URL": settings.url, "HOME": home.path,
                        "VTRACK_KEY_FILE": home.appendingPathComponent("key").path, "NO_COLOR": "1",
                    ]
                    let key = try await BinaryRunner.run(
                        "vtrack", ["keys", "init", "--name", "me", "--no-passphrase"], environment: environment)
                    #expect(key.status == 0, "\(key.standardError)")
                    try await KeysCommandTests.seedApplications(settings, count: 3)
                    let ids = try await test.withDatabase { database in
                        try await ApplicationRepository(database: database).list(ApplicationFilter(limit: 10)).map(\.id)
                    }
                    try await body(Pipeline(test: test, ids: ids, settings: settings, environment: environment))
                }
            }
        }
    }

    static func short(_ id: UUID) -> String { ShortID.display(id) }

    @Test func listFiltersPagesAndExportsWithoutPersonalData() async throws {
        try await Self.withPipeline { pipeline in
            let (first, second) = (Self.short(pipeline.ids[0]), Self.short(pipeline.ids[1]))
            #expect(try await pipeline.vtrack("applications", "move", first, second, "screening").status == 0)

            let table = try await pipeline.vtrack("applications", "list")
            #expect(table.status == 0, "\(table.standardError)")
            let lines = table.standardOutput.split(separator: "\n")
            #expect(lines.count == 4)
            #expect(lines[0].hasPrefix("ID") && lines[0].contains("WAITING") && lines[0].contains("SKILLS"))
            #expect(lines.allSatisfy { $0.count <= 100 }, "the default table fits 100 columns")
            #expect(!table.standardOutput.contains("\u{1B}["), "no colour when NO_COLOR is set or stdout is not a terminal")

            let screening = try #require(
                try await pipeline.json("applications", "list", "--status", "screening", "--json") as? [[String: Any]])
            #expect(screening.count == 2)
            #expect(
                Set(screening.compactMap { ($0["id"] as? String)?.lowercased() })
                    == Set(pipeline.ids.prefix(2).map { $0.uuidString.lowercased() }))
            let row = try #require(screening.first)
            for key in [
                "id", "short_id", "applicant_id", "position", "status", "submitted_at", "updated_at", "skills", "languages",
                "possible_duplicate", "waiting_seconds",
            ] {
                #expect(row[key] != nil, "--json has \(key)")
            }
            #expect(row["skills"] as? [String] == ["editing"])

            let either = try #require(
                try await pipeline.json("applications", "list", "--status", "screening", "--status", "submitted", "--json")
                    as? [[String: Any]])
            #expect(either.count == 3)
            let bySkill = try #require(
                try await pipeline.json("applications", "list", "--skill", "editing", "--language", "uk", "--json") as? [Any])
            #expect(bySkill.count == 3)
            let noSkill = try #require(try await pipeline.json("applications", "list", "--skill", "fundraising", "--json") as? [Any])
            #expect(noSkill.isEmpty)
            let stale = try #require(try await pipeline.json("applications", "list", "--waiting-longer-than", "7d", "--json") as? [Any])
            #expect(stale.isEmpty)
            let recent = try #require(try await pipeline.json("applications", "list", "--since", "1d", "--json") as? [Any])
            #expect(recent.count == 3)

            let firstPage = try await pipeline.vtrack("applications", "list", "--limit", "2", "--sort", "oldest")
            #expect(firstPage.standardOutput.split(separator: "\n").count == 3)
            #expect(firstPage.standardError.contains("--page 2"))
            let secondPage = try #require(
                try await pipeline.json("applications", "list", "--limit", "2", "--page", "2", "--sort", "oldest", "--json") as? [Any])
            #expect(secondPage.count == 1)

            let csv = try await pipeline.vtrack("applications", "list", "--format", "csv")
            #expect(csv.status == 0)
            #expect(csv.standardOutput.hasPrefix(#""id","position","status","submitted_at","waiting_seconds","#))
            #expect(csv.standardOutput.components(separatedBy: "\r\n").count == 5, "a header, 3 rows, CRLF line ends")

            for run in [table, csv, firstPage] {
                #expect(!run.standardOutput.contains("Canary") && !run.standardOutput.contains("canary"))
            }
            let revealed = try await pipeline.vtrack("applications", "list", "--reveal")
            #expect(revealed.standardOutput.components(separatedBy: Self.canary.name).count == 4)
        }
    }

    static let badInvocations: [([String], Int32)] = [
        (["applications", "list", "--limit", "0"], 64),
        (["applications", "list", "--status", "hired"], 64),
        (["applications", "list", "--waiting-longer-than", "soon"], 64),
        (["applications", "list", "--unassigned", "--assigned-to", "me"], 64),
        (["applications", "list", "--json", "--format", "csv"], 64),
        (["applications", "show", "ab"], 65),
        (["applications", "show", "not-an-id!"], 65),
        (["applications", "show", "ffffffff"], 65),
        (["applications", "move", "ffffffff"], 64),
        (["applications", "move", "ffffffff", "hired"], 64),
    ]

    @Test(arguments: badInvocations)
    func badInvocationsExitWithTheirCode(arguments: [String], status: Int32) async throws {
        try await Self.withPipeline { pipeline in
            let run = try await BinaryRunner.run("vtrack", arguments, environment: pipeline.environment)
            #expect(run.status == status, "\(arguments): \(run.standardError)")
            #expect(!run.standardError.isEmpty)
            #expect(run.standardOutput.isEmpty)
        }
    }

    @Test func showResolvesShortIDsAndTellsTheWholeStory() async throws {
        try await Self.withPipeline { pipeline in
            let id = pipeline.ids[0]
            #expect(try await pipeline.vtrack("applications", "move", Self.short(id), "interview").status == 0)

            let typed = String(id.uuidString.uppercased().prefix(6))
            let show = try await pipeline.vtrack("applications", "show", typed)
            #expect(show.status == 0, "\(show.standardError)")
            #expect(show.standardOutput.contains(id.uuidString.lowercased()))
            #expect(show.standardOutput.contains("Timeline"))
            #expect(show.standardOutput.contains("application.submitted"))
            #expect(show.standardOutput.contains("submitted → interview"))
            #expect(!show.standardOutput.contains("Canary"))

            let detail = try #require(try await pipeline.json("applications", "show", Self.short(id), "--json") as? [String: Any])
            #expect(detail["status"] as? String == "interview")
            let timeline = try #require(detail["timeline"] as? [[String: Any]])
            #expect(timeline.map { $0["event_type"] as? String } == ["application.submitted", "application.status_changed"])
            #expect(detail["related"] as? [Any] != nil)
            #expect(detail["personal_data"] == nil)

            let revealed = try await pipeline.vtrack("applications", "show", Self.short(id), "--reveal")
            #expect(revealed.standardOutput.contains(Self.canary.name))
            #expect(revealed.standardOutput.contains(Self.canary.telegram!))
        }
    }

    @Test func moveTakesManyIdsAndReportsEachOne() async throws {
        try await Self.withPipeline { pipeline in
            let ids = pipeline.ids.map(Self.short)
            let moved = try await pipeline.vtrack("applications", "move", ids[0], ids[1], "screening")
            #expect(moved.status == 0, "\(moved.standardError)")
            #expect(moved.standardOutput.split(separator: "\n").count == 2)
            #expect(moved.standardError.contains("2 of 2 moved to screening; 0 refused"))

            let mixed = try await pipeline.vtrack("applications", "move", ids[0], ids[2], "submitted")
            #expect(mixed.status == 1)
            #expect(mixed.standardError.contains("is `screening`; it cannot move to `submitted`"))
            #expect(mixed.standardError.contains("1 of 2 moved to submitted") == false)
            #expect(mixed.standardError.contains("0 of 2 moved to submitted; 2 refused"))

            let noReason = try await pipeline.vtrack("applications", "move", ids[0], "rejected")
            #expect(noReason.status == 1)
            #expect(noReason.standardError.contains("needs a reason (--reason)"), "the CLI names its flag; the store does not")
            let otherWithoutNote = try await pipeline.vtrack("applications", "move", ids[0], "rejected", "--reason", "other")
            #expect(otherWithoutNote.status == 1)
            #expect(otherWithoutNote.standardError.contains("needs a note"))

            let fromStdin = try await pipeline.vtrack(
                "applications", "move", "-", "rejected", "--reason", "other", "--note", "Canary reason: moved abroad",
                input: "id,position\n\(pipeline.ids[0].uuidString.lowercased()),editor\n\(ids[1])\n"
            )
            #expect(fromStdin.status == 0, "\(fromStdin.standardError)")
            #expect(fromStdin.standardError.contains("2 of 2 moved to rejected"))

            let notes = try #require(try await pipeline.json("applications", "notes", ids[0], "--json") as? [[String: Any]])
            #expect(notes.map { $0["text"] as? String } == ["Canary reason: moved abroad"])
            let results = try #require(try await pipeline.json("applications", "move", ids[2], "withdrawn", "--json") as? [[String: Any]])
            #expect(results.first?["succeeded"] as? Bool == true)
            #expect(results.first?["result"] as? String == "withdrawn")

            let log = try await pipeline.vtrack("audit", "log", "--json")
            #expect(!log.standardOutput.contains("Canary reason"), "notes are sealed; events carry no text")
        }
    }

    @Test func assignNotesAndUnassign() async throws {
        try await Self.withPipeline { pipeline in
            let me = pipeline.settings.username
            let id = Self.short(pipeline.ids[0])
            let stranger = try await pipeline.vtrack("applications", "assign", id, "nobody_here")
            #expect(stranger.status == 65)
            #expect(stranger.standardError.contains("unknown coordinator nobody_here"))

            try await pipeline.test.withDatabase { database in
                _ = try await database.client.query("INSERT INTO coordinators (name) VALUES (\(me))")
            }
            let assigned = try await pipeline.vtrack("applications", "assign", id, me)
            #expect(assigned.status == 0, "\(assigned.standardError)")
            let mine = try #require(try await pipeline.json("applications", "list", "--assigned-to", me, "--json") as? [[String: Any]])
            #expect(mine.count == 1)
            let others = try #require(try await pipeline.json("applications", "list", "--unassigned", "--json") as? [Any])
            #expect(others.count == 2)

            let note = try await pipeline.vtrack("applications", "note", id, "Canary call on Tuesday")
            #expect(note.status == 0, "\(note.standardError)")
            let piped = try await pipeline.vtrack("applications", "note", id, "-", input: "second note\n")
            #expect(piped.status == 0)
            let notes = try await pipeline.vtrack("applications", "notes", id)
            #expect(notes.standardOutput.contains("Canary call on Tuesday") && notes.standardOutput.contains("second note"))
            let empty = try await pipeline.vtrack("applications", "note", id, "   ")
            #expect(empty.status == 65)

            #expect(try await pipeline.vtrack("applications", "unassign", id).status == 0)
            let none = try #require(try await pipeline.json("applications", "list", "--assigned-to", me, "--json") as? [Any])
            #expect(none.isEmpty)
        }
    }
}
