import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// `vtrack report weekly` through the binary, on the fixed history in
/// WeeklyReport/history.sql (week 2026-W13 in Europe/Prague, whose clocks
/// change on its Sunday), compared with golden files there.
/// `VTRACK_UPDATE_GOLDEN=1 scripts/test --filter WeeklyReportCommandTests` rewrites them.
@Suite struct WeeklyReportCommandTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("WeeklyReport")
    static let clock = ["--now", "2026-04-01T08:00:00Z"]

    struct Reporter {
        let environment: [String: String]

        func run(_ arguments: [String], zone: String = "Europe/Prague") async throws -> BinaryRun {
            try await BinaryRunner.run(
                "vtrack", ["report", "weekly"] + arguments, environment: environment.merging(["VTRACK_TIMEZONE": zone]) { $1 }
            )
        }
    }

    /// The history loaded and its events sealed; `body` gets a coordinator's reporter.
    static func withHistory(_ body: (TestDatabase, Reporter) async throws -> Void) async throws {
        try await TestDatabase.withMigrated { test in
            let script = try String(contentsOf: folder.appendingPathComponent("history.sql"), encoding: .utf8)
            try await test.superuser(script: script)
            try await test.withRole(in: "vtrack_coordinator") { settings in
                let reporter = Reporter(environment: ["DATABASE_URL": settings.url])
                try await seal(test, reporter)
                try await body(test, reporter)
            }
        }
    }

    /// `vtrack audit seal` once every event is sealable, and nothing is left unsealed.
    static func seal(_ test: TestDatabase, _ reporter: Reporter) async throws {
        try await EventSealing.waitUntilSealable(test)
        #expect(try await BinaryRunner.run("vtrack", ["audit", "seal"], environment: reporter.environment).status == 0)
        let verify = try await BinaryRunner.run("vtrack", ["audit", "verify", "--json"], environment: reporter.environment)
        let result = try JSONSerialization.jsonObject(with: Data(verify.standardOutput.utf8)) as? [String: Any]
        #expect(result?["unsealed"] as? Int == 0, "the history's events were not sealed")
    }

    /// The audit section of a JSON report run.
    static func audit(_ run: BinaryRun) throws -> [String: Any] {
        #expect(run.status == 0, "\(run.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        return try #require(report?["audit"] as? [String: Any])
    }

    /// The head's hash covers transaction ids, which differ from run to run.
    static func normalised(_ text: String) -> String {
        text.replacing(/[0-9a-f]{64}/, with: "<head hash>")
    }

    static func expectGolden(_ text: String, _ name: String) throws {
        let file = folder.appendingPathComponent(name)
        let actual = normalised(text)
        if ProcessInfo.processInfo.environment["VTRACK_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from its golden file")
    }

    static let formats: [(format: String, golden: String, extra: [String])] = [
        ("markdown", "2026-W13.md", []),
        ("html", "2026-W13.html", []),
        ("csv", "2026-W13.csv", []),
        ("json", "2026-W13.json", []),
        ("json", "2026-W13.suppressed.json", ["--suppress-small-counts"]),
        ("markdown", "2026-W13.unsuppressed.md", ["--no-suppress-small-counts"]),
    ]

    @Test func everyFormatMatchesItsGoldenFile() async throws {
        try await Self.withHistory { _, reporter in
            for (format, golden, extra) in Self.formats {
                let run = try await reporter.run(["--week", "2026-W13", "--format", format] + Self.clock + extra)
                #expect(run.status == 0, "\(format): \(run.standardError)")
                try Self.expectGolden(run.standardOutput, golden)
            }
        }
    }

    @Test func theFiguresFollowTheWeekInTheOrganisationsTimeZone() async throws {
        try await Self.withHistory { _, reporter in
            let run = try await reporter.run(["--week", "2026-W13", "--format", "json"] + Self.clock)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
            let intake = try #require(report["intake"] as? [String: Any])
            // Monday 00:30 in winter time and Sunday 23:30 in summer time are in; the
            // Sunday 23:30 before and the Monday 00:30 after are not.
            #expect(intake["total"] as? [String: Int] == ["week": 5, "previous": 3])
            let waiting = try #require(report["waiting"] as? [String: Any])
            #expect(waiting["total"] as? [String: Int] == ["week": 3, "previous": 3], "one of them moved after the week ended")
            let onboarding = try #require(report["onboarding"] as? [String: Any])
            #expect(onboarding["overdue_tasks"] as? [String: Int] == ["week": 2, "previous": 1])
            let audit = try #require(report["audit"] as? [String: Any])
            #expect(audit["verified"] as? Bool == true)
            // To the last event before Monday 00:00 in Prague: the two after it are week 14's.
            #expect(audit["verified_events"] as? Int == 42)
            #expect(audit["through_week_end"] as? Bool == true)
            #expect((audit["head"] as? [String: Any])?["position"] as? Int == 42)
            // Who opened whom, per coordinator, beside the week before.
            let reveals = try #require((report["reveals"] as? [String: Any])?["by_coordinator"] as? [[String: Any]])
            #expect(reveals.map { $0["coordinator"] as? String } == ["alex", "sam"])
            #expect(reveals.first?["personal_data"] as? [String: Int] == ["week": 3, "previous": 0])
            #expect(reveals.last?["personal_data"] as? [String: Int] == ["week": 1, "previous": 1])

            // In Toronto it is still Sunday: the last complete week there is week 12.
            // In UTC too; and the zone is named as configured (Foundation calls UTC "GMT").
            for (zone, week) in [("Europe/Prague", "2026-W13"), ("America/Toronto", "2026-W12"), ("UTC", "2026-W13")] {
                let byDefault = try await reporter.run(["--format", "json", "--now", "2026-03-29T22:30:00Z"], zone: zone)
                #expect(byDefault.status == 0, "\(byDefault.standardError)")
                #expect(byDefault.standardOutput.contains(#""week" : "\#(week)""#), "\(zone)")
                #expect(byDefault.standardOutput.contains(#""time_zone" : "\#(zone)""#), "\(zone)")
            }
        }
    }

    @Test func anEmptyWeekSaysSo() async throws {
        try await Self.withHistory { _, reporter in
            let run = try await reporter.run(["--week", "2026-W40", "--format", "markdown"] + Self.clock)
            #expect(run.status == 0, "\(run.standardError)")
            try Self.expectGolden(run.standardOutput, "2026-W40.md")
        }
    }

    @Test func foldersAnchorsAndABrokenChain() async throws {
        try await Self.withHistory { test, reporter in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-reports-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let all = try await reporter.run(
                [
                    "--week", "2026-W13", "--format", "markdown", "--format", "html", "--format", "csv", "--format", "json",
                    "--out-dir", folder.path,
                ] + Self.clock
            )
            #expect(all.status == 0, "\(all.standardError)")
            #expect(all.standardOutput.isEmpty)
            let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(written == ["2026-W13.csv", "2026-W13.html", "2026-W13.json", "2026-W13.md"])

            // A week later, from the head the first report published. Week 14's last
            // event is not sealed yet: the walk goes to the chain's head and says so.
            try await test.superuser(
                "SET session_replication_role = replica",
                """
                INSERT INTO events (occurred_at, actor, entity_type, entity_id, event_type, from_state, to_state)
                VALUES ('2026-04-01T09:00Z', 'alex', 'application', 'c2000000-0000-4000-8000-000000000002', 'application.status_changed', 'submitted', 'screening')
                """
            )
            let anchor = folder.appendingPathComponent("2026-W13.json").path
            let beforeSealing = try await Self.audit(
                reporter.run(["--week", "2026-W14", "--format", "json", "--anchor", anchor] + Self.clock))
            #expect(beforeSealing["through_week_end"] as? Bool == false)
            #expect(beforeSealing["unsealed_events"] as? Int == 1)
            #expect(beforeSealing["verified_events"] as? Int == 3, "the kept head (36) to the chain's head (38)")

            try await Self.seal(test, reporter)
            let audit = try await Self.audit(reporter.run(["--week", "2026-W14", "--format", "json", "--anchor", anchor] + Self.clock))
            #expect(audit["verified_from"] as? String == "2026-W13")
            #expect(audit["through_week_end"] as? Bool == true)
            #expect(audit["verified_events"] as? Int == 4, "the kept head and week 14's three events after it")

            // Week 13's report, run again now, publishes the head it published then.
            let again = try await Self.audit(reporter.run(["--week", "2026-W13", "--format", "json"] + Self.clock))
            let kept = try #require(
                (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: anchor))) as? [String: Any])?["audit"]
                    as? [String: Any]
            )
            let keptHead = try #require(kept["head"] as? [String: Any])
            #expect((again["head"] as? [String: Any])?["hash"] as? String == keptHead["hash"] as? String)
            #expect((again["head"] as? [String: Any])?["position"] as? Int == keptHead["position"] as? Int)

            // An event after the kept head changed: the report is written, and says so.
            try await test.superuser(
                "SET session_replication_role = replica",
                "UPDATE events SET to_state = 'interview' WHERE occurred_at = '2026-04-01T09:00Z'"
            )
            let out = folder.appendingPathComponent("broken.md").path
            let broken = try await reporter.run(["--week", "2026-W14", "--anchor", anchor, "--out", out] + Self.clock)
            #expect(broken.status == 65)
            #expect(broken.standardError.contains("the audit chain did not verify"))
            #expect(try String(contentsOfFile: out, encoding: .utf8).contains("**Verified:** **NO** — event "))

            // The kept head itself rewritten.
            let keptSequence = try #require(keptHead["sequence"] as? Int)
            try await test.superuser(
                "SET session_replication_role = replica",
                "UPDATE events SET actor = 'sam' WHERE seq = \(keptSequence)"
            )
            let rewritten = try await reporter.run(["--week", "2026-W14", "--format", "json", "--anchor", anchor] + Self.clock)
            #expect(rewritten.status == 65)
        }
    }

    @Test func badInputIsRefusedWithAClearMessage() async throws {
        try await Self.withHistory { _, reporter in
            let notJSON = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-anchor-\(UUID().uuidString).json")
            try "week: 2026-W12".write(to: notJSON, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: notJSON) }
            let cases: [(arguments: [String], status: Int32, message: String)] = [
                (["--week", "2026-W60"], 64, "ISO week"),
                (["--week", "last"], 64, "ISO week"),
                (["--format", "pdf"], 64, "--format"),
                (["--format", "html", "--format", "json"], 64, "several formats need --out-dir"),
                (["--format", "html", "--format", "html", "--out-dir", "/tmp"], 64, "each --format once"),
                (["--out", "/tmp/a", "--out-dir", "/tmp"], 64, "not both"),
                (["--anchor", "/nonexistent/2026-W12.json"], 65, "cannot be read"),
                (["--anchor", notJSON.path], 65, "is not a report in JSON"),
                (["--out", "/nonexistent/folder/report.md"], 73, "cannot write /nonexistent/folder/report.md"),
            ]
            for (arguments, status, message) in cases {
                let run = try await reporter.run(arguments + Self.clock)
                #expect(run.status == status, "\(arguments): \(run.standardError)")
                #expect(run.standardError.contains(message), "\(arguments): \(run.standardError)")
            }
            let zone = try await reporter.run(Self.clock, zone: "Mars/Olympus")
            #expect(zone.status == 64)
            #expect(zone.standardError.contains("VTRACK_TIMEZONE"))
        }
    }

    @Test func anUnreachableDatabaseExits69() async throws {
        let run = try await BinaryRunner.run(
            "vtrack", ["report", "weekly"] + Self.clock,
            environment: ["DATABASE_URL": "postgres://nobody:wrong@127.0.0.1:1/none?sslmode=disable"]
        )
        #expect(run.status == 69, "\(run.standardError)")
    }

    @Test func noApplicantIdAppearsInAnyFormat() async throws {
        try await Self.withHistory { _, reporter in
            for format in ["markdown", "html", "csv", "json"] {
                let run = try await reporter.run(["--week", "2026-W13", "--format", format] + Self.clock)
                // Applicants' ids all begin with `a`; applications' short ids do not.
                #expect(run.standardOutput.firstMatch(of: /a[b-f][0-9]00000/) == nil, "\(format)")
                #expect(run.standardOutput.contains("e1000000"), "\(format): the longest-waiting application by its short id")
            }
        }
    }

    @Test func theCronWrapperWritesAnchorsAndMails() async throws {
        try await Self.withHistory { _, reporter in
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-weekly-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let (reports, bin, mail) = (
                scratch.appendingPathComponent("reports"), scratch.appendingPathComponent("bin"), scratch.appendingPathComponent("mail")
            )
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            let sendmail = bin.appendingPathComponent("sendmail")
            try "#!/bin/sh\necho \"$@\" > \(mail.path).args\ncat > \(mail.path)\n".write(to: sendmail, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sendmail.path)
            let environment = reporter.environment.merging([
                "VTRACK_BIN": TestEnvironment.binary("vtrack").path, "VTRACK_TIMEZONE": "Europe/Prague",
                "VTRACK_REPORT_DIR": reports.path, "VTRACK_REPORT_MAILTO": "team@example.org",
                "PATH": "\(bin.path):/usr/bin:/bin",
            ]) { $1 }

            let first = try await Self.wrapper(["2026-W13"], environment)
            #expect(first.status == 0, "\(first.standardError)")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted() == [
                    "2026-W13.html", "2026-W13.json", "2026-W13.md",
                ])
            let mailed = try String(contentsOf: mail, encoding: .utf8)
            #expect(mailed.hasPrefix("To: team@example.org\nSubject: vtrack weekly report 2026-W13\n"))
            #expect(mailed.hasSuffix(try String(contentsOf: reports.appendingPathComponent("2026-W13.md"), encoding: .utf8)))

            let second = try await Self.wrapper(["2026-W14"], environment)
            #expect(second.status == 0, "\(second.standardError)")
            #expect(second.standardOutput.contains("chain verified from 2026-W13.json"))

            let unreachable = try await Self.wrapper(
                ["2026-W15"], environment.merging(["DATABASE_URL": "postgres://nobody:wrong@127.0.0.1:1/none?sslmode=disable"]) { $1 }
            )
            #expect(unreachable.status == 69)
            #expect(unreachable.standardError.contains("the database is unreachable; no report for 2026-W15 was written"))
            #expect(!FileManager.default.fileExists(atPath: reports.appendingPathComponent("2026-W15.md").path))

            if !FileManager.default.fileExists(atPath: "/usr/sbin/sendmail") {
                let noMailer = try await Self.wrapper(["2026-W13"], environment.merging(["PATH": "/usr/bin:/bin"]) { $1 })
                #expect(noMailer.status == 1)
                #expect(noMailer.standardError.contains("VTRACK_REPORT_MAILTO is set but there is no sendmail"))
            }
            #expect(try await Self.wrapper(["last-week"], environment).status == 64)
        }
    }

    /// scripts/weekly-report, run by bash with `environment`.
    static func wrapper(_ arguments: [String], _ environment: [String: String]) async throws -> BinaryRun {
        let script = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/weekly-report")
        return try await BinaryRunner.run(
            executable: URL(fileURLWithPath: "/bin/bash"), [script.path] + arguments, environment: environment)
    }
}
