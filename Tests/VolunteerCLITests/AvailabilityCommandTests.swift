import Foundation
import Testing
import VolunteerCore
import VolunteerTestSupport

/// `vtrack availability show|set` through the real binary.
@Suite struct AvailabilityCommandTests {
    @Test func coordinatorsSetAndShowAPersonsAvailability() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let person = ShortID.display(pipeline.ids[0])
            let set = try await pipeline.vtrack(
                "availability", "set", person, "--hours", "6", "--window", "tue 18:00-21:00", "--window", "fri 22:00-01:00",
                "--blackout", "2026-12-24..2027-01-02"
            )
            #expect(set.status == 0, "\(set.standardError)")
            let shown = try await pipeline.vtrack("availability", "show", person)
            #expect(shown.standardOutput.contains("tue 18:00-21:00, fri 22:00-01:00"))
            #expect(shown.standardOutput.contains("2026-12-24..2027-01-02"))
            #expect(shown.standardOutput.contains("Europe/Kyiv"))
            let json = try #require(try await pipeline.json("availability", "show", person, "--json") as? [String: Any])
            let availability = try #require(json["availability"] as? [String: Any])
            #expect(availability["hours_per_week"] as? Double == 6)
            #expect((availability["windows"] as? [[String: Any]])?.first?["start"] as? String == "18:00")

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-availability-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("a.yaml")
            try "hours_per_week: 4\nwindows:\n  - {day: sat, start: \"10:00\", end: \"13:00\"}\nblackouts: []\n".write(
                to: file, atomically: true, encoding: .utf8)
            #expect(try await pipeline.vtrack("availability", "set", person, "--file", file.path).status == 0)
            #expect(try await pipeline.vtrack("availability", "show", person).standardOutput.contains("sat 10:00-13:00"))

            let bad: [([String], String)] = [
                (["--window", "tue 18:00-21:00", "--window", "tue 20:00-22:00"], "overlaps"),
                (["--window", "tue 18:00-18:00"], "is empty"),
                (["--window", "someday 18:00-19:00"], "tue 18:00-21:00"),
                (["--window", "tue 25:00-26:00"], "HH:MM-HH:MM"),
                (["--blackout", "2027-01-02..2026-12-24"], "is before from"),
                (["--hours", "200"], "at most 168"),
            ]
            for (arguments, message) in bad {
                let run = try await BinaryRunner.run(
                    "vtrack", ["availability", "set", person] + arguments, environment: pipeline.environment)
                #expect(run.status == 65, "\(arguments)")
                #expect(run.standardError.contains(message), "\(arguments): \(run.standardError)")
            }
            try "hours_per_week: 4\nslots: []\n".write(to: file, atomically: true, encoding: .utf8)
            let unknown = try await pipeline.vtrack("availability", "set", person, "--file", file.path)
            #expect(unknown.status == 65)
            #expect(unknown.standardError.contains("line 2: slots: is not a known field"))
            #expect(try await pipeline.vtrack("availability", "set", person).status == 64)
            #expect(
                try await pipeline.vtrack("availability", "show", person).standardOutput.contains("sat 10:00-13:00"),
                "refusals changed nothing")

            let log = try await pipeline.vtrack("audit", "log", "--json")
            #expect(log.standardOutput.components(separatedBy: "availability.updated").count - 1 == 2)
            #expect(!log.standardOutput.contains("18:00"), "events carry counts, not the windows")
        }
    }

    @Test func findAndCapacityThroughTheBinary() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let person = ShortID.display(pipeline.ids[0])
            #expect(try await pipeline.vtrack("availability", "set", person, "--window", "tue 18:00-21:00", "--hours", "2").status == 0)

            let found = try #require(
                try await pipeline.json(
                    "availability", "find", "--at", "2026-12-01T17:00", "--for", "2h", "--tz", "Europe/Prague", "--status", "applicant",
                    "--json"
                ) as? [[String: Any]])
            #expect(found.count == 1)
            #expect(found.first?["short_id"] as? String == person)
            #expect(found.first?["local_start"] as? String == "Tue 18:00", "17:00 in Prague is 18:00 in Kyiv")
            #expect(found.first?["weekly_hours"] as? Double == 2)
            let none = try await pipeline.vtrack("availability", "find", "--at", "2026-12-01T17:00", "--for", "2h", "--tz", "Europe/Prague")
            #expect(none.standardOutput.contains("Nobody is free then."), "applicants only with --status applicant")

            let week = try #require(
                try await pipeline.json(
                    "availability", "find", "--within", "2026-W49", "--for", "3h", "--tz", "Europe/Kyiv", "--status", "applicant", "--json"
                ) as? [[String: Any]])
            #expect(week.map { $0["short_id"] as? String } == [person])
            let capacity = try #require(
                try await pipeline.json(
                    "availability", "capacity", "--week", "2026-W49", "--by", "language", "--status", "applicant", "--json"
                ) as? [String: Any])
            #expect(capacity["week"] as? String == "2026-W49")
            let rows = try #require(capacity["rows"] as? [[String: Any]])
            #expect(rows.first?["group"] as? String == "uk")
            #expect(rows.first?["hours"] as? Double == 2, "3 hours of windows, capped at 2 a week")
            let table = try await pipeline.vtrack("availability", "capacity", "--week", "2026-W49", "--status", "applicant")
            #expect(table.standardOutput.contains("from 2026-11-30"))

            for arguments in [
                ["availability", "find", "--at", "tomorrow", "--for", "2h"],
                ["availability", "find", "--for", "2h"],
                ["availability", "find", "--within", "someday", "--for", "2h"],
                ["availability", "find", "--at", "2026-12-01T18:00", "--within", "next-week", "--for", "2h"],
                ["availability", "find", "--at", "2026-12-01T18:00", "--for", "2h", "--tz", "Mars/Olympus"],
                ["availability", "find", "--at", "2026-12-01T18:00", "--for", "forever"],
                ["availability", "find", "--at", "2026-12-01T18:00", "--for", "2h", "--status", "sleeping"],
                ["availability", "find", "--at", "2026-12-01T18:00", "--for", "2h", "--page", "0"],
                ["availability", "find", "--at", "2026-12-01T18:00", "--for", "2h", "--limit", "10001"],
                ["availability", "capacity", "--week", "2026-W60"],
                ["availability", "capacity", "--by", "colour"],
            ] {
                let run = try await BinaryRunner.run("vtrack", arguments, environment: pipeline.environment)
                #expect(run.status == 64, "\(arguments): \(run.standardError)")
            }
        }
    }
}
