import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// `vtrack onboarding …` and `vtrack volunteers …` through the real binary.
@Suite struct OnboardingCommandTests {
    static let template = """
        tasks:
          - title: Intro call
            who: coordinator
            due_in_days: 2
          - title: Read the style guide
            description: The link is in the welcome mail.
            who: volunteer
            due_in_days: 7
          - title: Join the newsletter
            who: volunteer
            due_in_days: 14
            required: false
        """

    static func write(_ text: String, in folder: URL, name: String = "template.yaml") throws -> String {
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func templatesAreSetShownEditedAndBadOnesNamedByLine() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-onboarding-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }

            let set = try await pipeline.vtrack(
                "onboarding", "template", "set", "editor", "--file", try Self.write(Self.template, in: folder))
            #expect(set.status == 0, "\(set.standardError)")
            #expect(set.standardOutput.contains("3 task(s)"))
            let table = try await pipeline.vtrack("onboarding", "template", "show", "editor")
            #expect(table.standardOutput.contains("Intro call") && table.standardOutput.contains("+7d"))
            let yaml = try await pipeline.vtrack("onboarding", "template", "show", "editor", "--yaml")
            #expect(yaml.standardOutput.contains("due_in_days: 14") && yaml.standardOutput.contains("required: false"))
            let json = try #require(try await pipeline.json("onboarding", "template", "show", "editor", "--json") as? [String: Any])
            #expect((json["tasks"] as? [Any])?.count == 3)
            #expect(json["kind"] as? String == "position")

            let cases: [(String, String)] = [
                (
                    "tasks:\n  - title: A\n    who: volunteer\n    due_in_days: -3\n",
                    "line 4: tasks[0].due_in_days: must be a whole number from 0 to 365"
                ),
                (
                    "tasks:\n  - title: A\n    who: volunteer\n    due_in_days: 1\n    colour: red\n",
                    "line 5: tasks[0].colour: is not a known field"
                ),
                ("tasks:\n  - title: A\n    who: intern\n    due_in_days: 1\n", "line 3: tasks[0].who: must be volunteer or coordinator"),
                ("tasks:\n  - who: volunteer\n    due_in_days: 1\n", "line 2: tasks[0].title: is required"),
                ("tasks: []\n", "line 1: tasks: must be a list of at least one task"),
                ("steps:\n  - title: A\n", "line 1: steps: is not a known field"),
                ("tasks: [unclosed\n", "is not valid YAML or JSON"),
                (
                    "tasks:\n  - title: A\n    who: volunteer\n    due_in_days: 1\n    required: maybe\n",
                    "line 5: tasks[0].required: must be true or false"
                ),
            ]
            for (text, message) in cases {
                let run = try await pipeline.vtrack(
                    "onboarding", "template", "set", "editor", "--file", try Self.write(text, in: folder, name: "bad.yaml"))
                #expect(run.status == 65, "\(text)")
                #expect(run.standardError.contains(message), "\(text): \(run.standardError)")
            }
            let unchanged = try #require(try await pipeline.json("onboarding", "template", "show", "editor", "--json") as? [String: Any])
            #expect((unchanged["tasks"] as? [Any])?.count == 3, "a refused file changes nothing")

            #expect(try await pipeline.vtrack("onboarding", "template", "show", "editor", "--team", "Editorial").status == 64)
            #expect(try await pipeline.vtrack("onboarding", "template", "show", "--team", "Nobody").status == 65)
            #expect(try await pipeline.vtrack("onboarding", "template", "show", "nowhere").status == 65)

            // An "editor" that appends a task, as a person would in vi.
            let editor = try Self.write(
                "#!/bin/sh\nprintf '  - title: Security briefing\\n    who: coordinator\\n    due_in_days: 3\\n' >> \"$1\"\n",
                in: folder, name: "editor.sh"
            )
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)
            let edited = try await BinaryRunner.run(
                "vtrack", ["onboarding", "template", "edit", "--team", "Editorial"],
                environment: pipeline.environment.merging(["EDITOR": editor]) { $1 }
            )
            #expect(edited.status == 0, "\(edited.standardError)")
            let team = try #require(
                try await pipeline.json("onboarding", "template", "show", "--team", "Editorial", "--json") as? [String: Any])
            #expect((team["tasks"] as? [[String: Any]])?.last?["title"] as? String == "Security briefing")
            let untouched = try await BinaryRunner.run(
                "vtrack", ["onboarding", "template", "edit", "editor"], environment: pipeline.environment.merging(["EDITOR": "true"]) { $1 }
            )
            #expect(untouched.status == 0)
            #expect(untouched.standardError.contains("no change"))
        }
    }

    @Test func fromAcceptanceToActiveAndOffboarding() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-onboarding-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            #expect(
                try await pipeline.vtrack("onboarding", "template", "set", "editor", "--file", try Self.write(Self.template, in: folder))
                    .status == 0)
            let application = ShortID.display(pipeline.ids[0])
            #expect(try await pipeline.vtrack("applications", "move", application, "accepted").status == 0)

            let volunteers = try #require(try await pipeline.json("volunteers", "list", "--json") as? [[String: Any]])
            #expect(volunteers.count == 1)
            let volunteer = try #require(volunteers.first?["short_id"] as? String)
            #expect(volunteers.first?["status"] as? String == "onboarding")
            #expect(try await pipeline.vtrack("volunteers", "list").standardOutput.contains("0/3 done"))

            let tasks = try #require(try await pipeline.json("onboarding", "list", "--volunteer", volunteer, "--json") as? [[String: Any]])
            #expect(tasks.map { $0["title"] as? String } == ["Intro call", "Read the style guide", "Join the newsletter"])
            let ids = tasks.compactMap { $0["short_id"] as? String }
            let soon = try #require(try await pipeline.json("onboarding", "list", "--due-within", "3d", "--json") as? [Any])
            #expect(soon.count == 1)

            #expect(try await pipeline.vtrack("onboarding", "done", ids[0]).status == 0)
            let noReason = try await pipeline.vtrack("onboarding", "skip", ids[1])
            #expect(noReason.status == 64)
            #expect(noReason.standardError.contains("needs --reason"))
            let again = try await pipeline.vtrack("onboarding", "done", ids[0])
            #expect(again.status == 1)
            #expect(again.standardError.contains("is `done`"))
            let skipped = try await pipeline.vtrack(
                "onboarding", "skip", ids[1], "--reason", "read it last year", "--note", "Canary: knows our style well")
            #expect(skipped.status == 0, "\(skipped.standardError)")

            let detail = try #require(try await pipeline.json("volunteers", "show", volunteer, "--json") as? [String: Any])
            #expect((detail["volunteer"] as? [String: Any])?["status"] as? String == "active", "the optional task does not hold it back")
            let notes = try #require(try await pipeline.json("applications", "notes", application, "--json") as? [[String: Any]])
            #expect(notes.map { $0["text"] as? String } == ["Canary: knows our style well"])

            let past = try await pipeline.vtrack("onboarding", "add", volunteer, "Send the signed agreement", "--due", "2020-01-01")
            #expect(past.status == 0, "\(past.standardError)")
            let overdue = try #require(try await pipeline.json("onboarding", "list", "--overdue", "--json") as? [[String: Any]])
            #expect(overdue.map { $0["title"] as? String } == ["Send the signed agreement"])
            #expect(try await pipeline.vtrack("volunteers", "list").standardOutput.contains("1 overdue"))
            #expect(try await pipeline.vtrack("onboarding", "add", volunteer, "X", "--due", "soon").status == 64)
            #expect(try await pipeline.vtrack("onboarding", "reassign", ids[2], "nobody_here").status == 65)
            let csv = try await pipeline.vtrack("onboarding", "list", "--format", "csv")
            #expect(csv.standardOutput.hasPrefix(#""id","volunteer_id","position","title","#))

            let offboarded = try await pipeline.vtrack("volunteers", "offboard", volunteer)
            #expect(offboarded.status == 0, "\(offboarded.standardError)")
            let after = try #require(try await pipeline.json("volunteers", "show", volunteer, "--json") as? [String: Any])
            let states = (after["tasks"] as? [[String: Any]])?.map { $0["state"] as? String }
            #expect(states == ["done", "skipped", "cancelled", "cancelled"], "nothing deleted; open ones cancelled")
            #expect(try await pipeline.vtrack("volunteers", "resume", volunteer).status == 1)

            let log = try await pipeline.vtrack("audit", "log", "--json", "--limit", "1000")
            #expect(log.standardOutput.components(separatedBy: "onboarding_task.status_changed").count - 1 == 4)
            #expect(!log.standardOutput.contains("Canary"), "notes are sealed; events carry no text")
        }
    }
}
