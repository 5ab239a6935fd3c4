import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// The options every list shares (`--format table|csv|json`, `--limit`,
/// `--page`) and the batch form of task and volunteer changes, through the
/// real binary.
@Suite struct ListOptionsTests {
    static func write(_ text: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-list-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// Three volunteers with three tasks each.
    static func acceptAll(_ pipeline: ApplicationsCommandTests.Pipeline) async throws {
        let template = try write(OnboardingCommandTests.template)
        defer { try? FileManager.default.removeItem(atPath: template) }
        #expect(try await pipeline.vtrack("onboarding", "template", "set", "editor", "--file", template).status == 0)
        for id in pipeline.ids {
            let moved = try await pipeline.vtrack("applications", "move", ShortID.display(id), "accepted")
            #expect(moved.status == 0, "\(moved.standardError)")
        }
    }

    /// The `key` of each object of a JSON array.
    static func values(_ pipeline: ApplicationsCommandTests.Pipeline, _ key: String, _ arguments: String...) async throws -> [String] {
        try await values(pipeline, key, arguments: arguments)
    }

    static func values(_ pipeline: ApplicationsCommandTests.Pipeline, _ key: String, arguments: [String]) async throws -> [String] {
        let run = try await BinaryRunner.run("vtrack", arguments, environment: pipeline.environment)
        #expect(run.status == 0, "\(arguments): \(run.standardError)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [[String: Any]])
        return rows.map { "\($0[key] ?? "")" }
    }

    /// Pages 1 to `pages` of `--limit limit`, one after the other.
    static func paged(
        _ pipeline: ApplicationsCommandTests.Pipeline, _ key: String, _ command: [String], limit: Int, pages: Int
    ) async throws -> [String] {
        var values: [String] = []
        for page in 1...pages {
            values += try await Self.values(pipeline, key, arguments: command + ["--json", "--limit", "\(limit)", "--page", "\(page)"])
        }
        return values
    }

    static func csvLines(_ run: BinaryRun) -> [String] {
        run.standardOutput.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test func everyListSpeaksTableCSVAndJSONAndPagesWithoutOverlap() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            try await Self.acceptAll(pipeline)

            // audit log: the most recent --limit, oldest first; page 2 goes further back.
            let events = try await Self.values(pipeline, "sequence", "audit", "log", "--json", "--limit", "1000")
            #expect(events.count > 6)
            let newest = try await Self.values(pipeline, "sequence", "audit", "log", "--json", "--limit", "3")
            let before = try await Self.values(pipeline, "sequence", "audit", "log", "--format", "json", "--limit", "3", "--page", "2")
            #expect(before + newest == Array(events.suffix(6)), "page 2 is the three before page 1, no overlap")
            let auditCSV = try await pipeline.vtrack("audit", "log", "--format", "csv", "--limit", "1000")
            #expect(auditCSV.status == 0, "\(auditCSV.standardError)")
            let auditLines = Self.csvLines(auditCSV)
            #expect(
                auditLines.first
                    == #""sequence","occurred_at","actor","entity_type","entity_id","event_type","from_state","to_state","payload""#)
            #expect(auditLines.count == events.count + 1)
            #expect(auditLines.last?.hasPrefix("\"\(events.last!)\",\"20") == true, "ISO 8601 times")
            let auditTable = try await pipeline.vtrack("audit", "log", "--limit", "2")
            #expect(auditTable.standardOutput.contains("SEQ"))
            #expect(auditTable.standardError.contains("More may follow: --page 2"))

            // volunteers list
            let volunteers = try await Self.values(pipeline, "id", "volunteers", "list", "--json")
            #expect(volunteers.count == 3)
            let firstTwo = try await Self.values(pipeline, "id", "volunteers", "list", "--json", "--limit", "2")
            let last = try await Self.values(pipeline, "id", "volunteers", "list", "--json", "--limit", "2", "--page", "2")
            #expect(firstTwo + last == volunteers)
            let volunteersTable = try await pipeline.vtrack("volunteers", "list", "--limit", "2")
            #expect(volunteersTable.standardError.contains("More may follow: --page 2"))
            let volunteersCSV = Self.csvLines(
                try await pipeline.vtrack("volunteers", "list", "--format", "csv", "--limit", "1", "--page", "3"))
            #expect(volunteersCSV.count == 2)
            #expect(volunteersCSV.last?.hasPrefix("\"\(volunteers[2].lowercased())\"") == true)

            // onboarding list: nine tasks in pages of four.
            let tasks = try await Self.values(pipeline, "id", "onboarding", "list", "--json")
            #expect(tasks.count == 9)
            #expect(try await Self.paged(pipeline, "id", ["onboarding", "list"], limit: 4, pages: 3) == tasks)
            #expect(try await Self.values(pipeline, "id", "onboarding", "list", "--json", "--limit", "4", "--page", "4").isEmpty)

            // skills (sources alike): by slug.
            #expect(try await pipeline.vtrack("skills", "add", "writing", "Writing").status == 0)
            #expect(try await pipeline.vtrack("skills", "add", "translating", "Translating").status == 0)
            let skillsCSV = try await pipeline.vtrack("skills", "list", "--format", "csv", "--limit", "1", "--page", "2")
            #expect(skillsCSV.standardOutput == "\"slug\",\"label\",\"state\"\r\n\"translating\",\"Translating\",\"in use\"\r\n")
            #expect(try await Self.values(pipeline, "slug", "skills", "list", "--json") == ["editing", "translating", "writing"])
            #expect(try await pipeline.vtrack("skills", "list").standardOutput.contains("SKILL"))
            let sourcesCSV = Self.csvLines(try await pipeline.vtrack("sources", "list", "--format", "csv"))
            #expect(sourcesCSV.first == #""slug","label","state""#)
            #expect(sourcesCSV.count > 2)

            // keys and coordinators
            #expect(try await Self.values(pipeline, "name", "keys", "list", "--json") == ["me"])
            let keysCSV = Self.csvLines(try await pipeline.vtrack("keys", "list", "--format", "csv"))
            #expect(keysCSV.first == #""name","fingerprint","applicants_it_can_open","sealed_applicants","registered_by","registered_at""#)
            #expect(keysCSV.count == 2 && keysCSV[1].hasPrefix("\"me\","))
            #expect(try await pipeline.vtrack("keys", "list").standardOutput.contains("FINGERPRINT"))
            #expect(try await Self.values(pipeline, "name", "keys", "list", "--json", "--page", "2").isEmpty)
            let coordinators = try await pipeline.vtrack("coordinators", "list", "--format", "csv")
            #expect(coordinators.status == 0, "\(coordinators.standardError)")
            #expect(Self.csvLines(coordinators).first == #""name","state","added_by","added_at","removed_at""#)
            #expect(try await pipeline.vtrack("coordinators", "list", "--json", "--limit", "5").status == 0)

            // positions list: by status, then title, then slug.
            for slug in ["writer", "translator"] {
                let created = try await pipeline.vtrack("positions", "create", slug, "--title", slug.capitalized, "--team", "Editorial")
                #expect(created.status == 0, "\(created.standardError)")
            }
            let positions = try await Self.values(pipeline, "slug", "positions", "list", "--json")
            #expect(positions.count == 3)
            #expect(try await Self.paged(pipeline, "slug", ["positions", "list"], limit: 1, pages: 3) == positions)
            #expect(try await pipeline.vtrack("positions", "list", "--limit", "1").standardError.contains("More may follow: --page 2"))

            // history: the same columns as audit log.
            let history = try await pipeline.vtrack("history", "application:\(pipeline.ids[0].uuidString)", "--format", "csv")
            #expect(history.status == 0, "\(history.standardError)")
            #expect(Self.csvLines(history).first == auditLines.first)
            #expect(Self.csvLines(history).count > 2)
        }
    }

    @Test(arguments: [
        ["audit", "log"], ["keys", "list"], ["coordinators", "list"], ["skills", "list"], ["sources", "list"],
        ["volunteers", "list"], ["onboarding", "list"], ["positions", "list"],
    ])
    func badPagesAndFormatsExit64(command: [String]) async throws {
        for bad in [
            ["--limit", "0"], ["--limit", "10001"], ["--page", "0"], ["--page", "x"], ["--format", "xml"], ["--json", "--format", "csv"],
        ] {
            let run = try await BinaryRunner.run("vtrack", command + bad, environment: ["DATABASE_URL": "postgres://x@127.0.0.1/z"])
            #expect(run.status == 64, "\(command + bad): \(run.standardError)")
        }
    }

    @Test func tasksAndVolunteersTakeSeveralIdsAndStandardInput() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            try await Self.acceptAll(pipeline)
            let volunteers = try await Self.values(pipeline, "short_id", "volunteers", "list", "--json")
            let tasks = try await Self.values(pipeline, "short_id", "onboarding", "list", "--json", "--volunteer", volunteers[0])
            #expect(tasks.count == 3)

            // Several ids, one unknown: the others are done, exit 1.
            let done = try await pipeline.vtrack("onboarding", "done", tasks[0], "ffffffff", tasks[1])
            #expect(done.status == 1)
            #expect(done.standardOutput.contains("\(tasks[0])  done") && done.standardOutput.contains("\(tasks[1])  done"))
            #expect(done.standardError.contains("ffffffff  refused"))
            #expect(done.standardError.contains("2 of 3 done; 1 refused"))
            let states = try await Self.values(pipeline, "state", "onboarding", "list", "--json", "--all", "--volunteer", volunteers[0])
            #expect(states == ["done", "done", "open"])

            // `-`: the first column of a CSV; an already done one is refused, JSON outcomes.
            let listed = try await pipeline.vtrack("onboarding", "list", "--all", "--volunteer", volunteers[0], "--format", "csv")
            let skipped = try await pipeline.vtrack(
                "onboarding", "skip", "-", "--reason", "not needed", "--json", input: listed.standardOutput)
            #expect(skipped.status == 1)
            let outcomes = try #require(try JSONSerialization.jsonObject(with: Data(skipped.standardOutput.utf8)) as? [[String: Any]])
            #expect(outcomes.map { $0["succeeded"] as? Bool } == [false, false, true])
            #expect(outcomes.last?["result"] as? String == "skipped")
            #expect((outcomes.first?["error"] as? String)?.contains("is `done`") == true)

            // Volunteers: offboard one, then all through stdin; the one already alumni is refused.
            #expect(try await pipeline.vtrack("volunteers", "offboard", volunteers[1]).status == 0)
            let csv = try await pipeline.vtrack("volunteers", "list", "--format", "csv")
            let offboarded = try await pipeline.vtrack("volunteers", "offboard", "-", input: csv.standardOutput)
            #expect(offboarded.status == 1)
            #expect(offboarded.standardError.contains("2 of 3 now alumni; 1 refused"))
            #expect(try await Self.values(pipeline, "status", "volunteers", "list", "--json") == ["alumni", "alumni", "alumni"])
            let again = try await pipeline.vtrack("volunteers", "resume", volunteers[0], volunteers[1], "--json")
            #expect(again.status == 1)
            let refused = try #require(try JSONSerialization.jsonObject(with: Data(again.standardOutput.utf8)) as? [[String: Any]])
            #expect(refused.count == 2 && refused.allSatisfy { $0["succeeded"] as? Bool == false })
            #expect(try await pipeline.vtrack("volunteers", "pause").status == 64)
            #expect(try await pipeline.vtrack("onboarding", "reassign", tasks[2]).status == 64)
        }
    }
}
