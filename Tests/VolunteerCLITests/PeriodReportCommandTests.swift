import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// `vtrack report monthly` and `quarterly` through the binary, on the fixed
/// history in PeriodReport/history.sql (November 2026 in Europe/Prague), whose
/// rejections by reason and conversion by source are counted there by hand.
@Suite struct PeriodReportCommandTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("PeriodReport")
    static let clock = ["--now", "2027-01-02T08:00:00Z"]

    struct Reporter {
        let environment: [String: String]

        func run(_ kind: String, _ arguments: [String], zone: String = "Europe/Prague") async throws -> BinaryRun {
            try await BinaryRunner.run(
                "vtrack", ["report", kind] + arguments, environment: environment.merging(["VTRACK_TIMEZONE": zone]) { $1 }
            )
        }

        /// The JSON report, parsed.
        func json(_ kind: String, _ arguments: [String], zone: String = "Europe/Prague") async throws -> [String: Any] {
            let run = try await run(kind, ["--format", "json"] + arguments + PeriodReportCommandTests.clock, zone: zone)
            #expect(run.status == 0, "\(run.standardError)")
            return try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        }
    }

    static func withHistory(_ body: (Reporter) async throws -> Void) async throws {
        try await TestDatabase.withMigrated { test in
            try await test.superuser(script: try String(contentsOf: folder.appendingPathComponent("history.sql"), encoding: .utf8))
            try await test.withRole(in: "vtrack_coordinator") { settings in
                let reporter = Reporter(environment: ["DATABASE_URL": settings.url])
                try await EventSealing.waitUntilSealable(test)
                #expect(try await BinaryRunner.run("vtrack", ["audit", "seal"], environment: reporter.environment).status == 0)
                try await body(reporter)
            }
        }
    }

    /// Reason → [this period, the one before], in the report's order.
    static func rejections(_ report: [String: Any], _ kind: String) throws -> [String: [String]] {
        let rows = try #require((report["rejections"] as? [String: Any])?["by_reason"] as? [[String: Any]])
        #expect(rows.map { $0["group"] as? String } == RejectionReason.allCases.map(\.rawValue))
        var figures: [String: [String]] = [:]
        for row in rows {
            let count = try #require(row["count"] as? [String: Any])
            figures[try #require(row["group"] as? String)] = [kind, "previous"].map { "\(count[$0] ?? "missing")" }
        }
        return figures
    }

    static func sources(_ report: [String: Any]) throws -> [[String]] {
        let conversion = try #require(report["conversion_by_source"] as? [String: Any])
        return try #require(conversion["sources"] as? [[String: Any]]).map { source in
            ["source", "applications", "accepted", "conversion"].map { "\(source[$0] ?? "-")" }
        }
    }

    @Test func aMonthInTheOrganisationsTimeZoneBesideTheMonthBefore() async throws {
        try await Self.withHistory { reporter in
            let report = try await reporter.json("monthly", ["--month", "2026-11"])
            #expect(report["month"] as? String == "2026-11")
            #expect(report["previous_month"] as? String == "2026-10")
            #expect(report["first_day"] as? String == "2026-11-01")
            #expect(report["last_day"] as? String == "2026-11-30")
            #expect(report["week"] == nil)
            // 1 Nov 00:30 and 30 Nov 23:30 in Prague are November's; 31 Oct 23:30 and 1 Oct 00:30 October's.
            #expect(
                try Self.rejections(report, "month") == [
                    "not_a_fit": ["1", "1"], "position_filled": ["0", "1"], "no_response": ["0", "1"],
                    "duplicate": ["1", "0"], "spam": ["3", "0"], "other": ["0", "0"],
                ])
            let conversion = try #require(report["conversion_by_source"] as? [String: Any])
            #expect(conversion["first_day"] as? String == "2026-09-08")
            #expect(conversion["last_day"] as? String == "2026-11-30")
            #expect(try Self.sources(report) == [["website", "6", "3", "0.5"], ["none", "3", "0", "0"], ["friend", "2", "1", "0.5"]])
            // The funnel's acceptances by month: October's three and November's last-evening one.
            let stages = try #require((report["funnel"] as? [String: Any])?["stages"] as? [[String: Any]])
            let accepted = try #require(stages.first { $0["stage"] as? String == "accepted" })
            #expect(accepted["reached"] as? [String: Int] == ["month": 1, "previous": 3])
            let trend = try #require((report["intake"] as? [String: Any])?["last_twelve_months"] as? [[String: Any]])
            #expect(trend.map { $0["month"] as? String }.first == "2025-12")
            #expect(trend.map { $0["month"] as? String }.last == "2026-11")
            #expect(trend.first { $0["month"] as? String == "2026-08" }?["count"] as? Int == 10)

            // The same month in UTC: the evening rejections fall the other way.
            let utc = try await reporter.json("monthly", ["--month", "2026-11"], zone: "UTC")
            #expect(
                try Self.rejections(utc, "month") == [
                    "not_a_fit": ["0", "2"], "position_filled": ["0", "1"], "no_response": ["0", "0"],
                    "duplicate": ["2", "0"], "spam": ["3", "0"], "other": ["0", "0"],
                ])
        }
    }

    @Test func smallCountsAreSuppressedOnAskingAndByDefaultForPeople() async throws {
        try await Self.withHistory { reporter in
            let report = try await reporter.json("monthly", ["--month", "2026-11", "--suppress-small-counts"])
            #expect(
                try Self.rejections(report, "month") == [
                    "not_a_fit": ["<3", "<3"], "position_filled": ["0", "<3"], "no_response": ["0", "<3"],
                    "duplicate": ["<3", "0"], "spam": ["3", "0"], "other": ["0", "0"],
                ])
            // Friend's conversion would give its hidden counts away.
            #expect(try Self.sources(report) == [["website", "6", "3", "0.5"], ["none", "3", "0", "0"], ["friend", "<3", "<3", "-"]])

            let markdown = try await reporter.run("monthly", ["--month", "2026-11"] + Self.clock)
            #expect(markdown.status == 0, "\(markdown.standardError)")
            #expect(markdown.standardOutput.contains("| Spam | 3 | 0 | +3 |"))
            #expect(markdown.standardOutput.contains("| Not a fit | <3 | <3 |  |"))
            #expect(markdown.standardOutput.contains("| friend | <3 | <3 | — |"))
            let unsuppressed = try await reporter.run("monthly", ["--month", "2026-11", "--no-suppress-small-counts"] + Self.clock)
            #expect(unsuppressed.standardOutput.contains("| Not a fit | 1 | 1 | ±0 |"))
            #expect(unsuppressed.standardOutput.contains("| friend | 2 | 1 | 50.0% |"))
        }
    }

    @Test func everyFormatSaysMonth() async throws {
        try await Self.withHistory { reporter in
            var outputs: [String: String] = [:]
            for format in ["markdown", "html", "csv", "json"] {
                let run = try await reporter.run("monthly", ["--month", "2026-11", "--format", format] + Self.clock)
                #expect(run.status == 0, "\(format): \(run.standardError)")
                outputs[format] = run.standardOutput
            }
            let markdown = try #require(outputs["markdown"])
            #expect(markdown.hasPrefix("# Monthly report 2026-11\n\n2026-11-01 to 2026-11-30 (Europe/Prague), compared with 2026-10."))
            #expect(markdown.contains("## 3. Rejections by reason"))
            #expect(markdown.contains("## 4. Conversion by source"))
            #expect(markdown.contains("| Reason | This month | Previous | Change |"))
            #expect(markdown.contains("## 10. Audit chain"))
            // A monthly report speaks of months, but for conversion's 12 weeks and capacity's week.
            let weekly = markdown.split(separator: "\n").filter { $0.lowercased().contains("week") }
            #expect(weekly.allSatisfy { $0.contains("12 weeks") || $0.contains("whole week") }, "\(weekly)")
            let html = try #require(outputs["html"])
            #expect(html.contains("<title>Monthly report 2026-11</title>"))
            #expect(html.contains("<h2>3. Rejections by reason</h2>"))
            let csv = try #require(outputs["csv"])
            // Quoted and CRLF, as every CSV vtrack writes.
            func line(_ cells: String...) -> String { cells.map { "\"\($0)\"" }.joined(separator: ",") + "\r\n" }
            #expect(
                csv.hasPrefix(
                    line("section", "group", "metric", "month", "previous") + line("report", "(all)", "month", "2026-11", "2026-10")))
            #expect(csv.contains(line("rejections", "spam", "applications", "3", "0")))
            #expect(csv.contains(line("rejections", "not_a_fit", "applications", "1", "1")))
            #expect(csv.contains(line("conversion_by_source", "website", "conversion", "0.5", "")))
            #expect(csv.contains(line("conversion_by_source", "friend", "accepted", "1", "")))
            let json = try #require(outputs["json"])
            #expect(json.contains(#""previous_month" : "2026-10""#))
        }
    }

    @Test func aQuarterBesideTheQuarterBefore() async throws {
        try await Self.withHistory { reporter in
            let report = try await reporter.json("quarterly", ["--quarter", "2026-Q4"])
            #expect(report["quarter"] as? String == "2026-Q4")
            #expect(report["previous_quarter"] as? String == "2026-Q3")
            #expect(report["first_day"] as? String == "2026-10-01")
            #expect(report["last_day"] as? String == "2026-12-31")
            #expect(
                try Self.rejections(report, "quarter") == [
                    "not_a_fit": ["2", "0"], "position_filled": ["1", "0"], "no_response": ["1", "1"],
                    "duplicate": ["2", "0"], "spam": ["3", "0"], "other": ["0", "0"],
                ])
            // 12 weeks up to 1 January: from 9 October; 1 December 00:30 is in.
            #expect(try Self.sources(report) == [["website", "5", "2", "0.4"]])
            let trend = try #require((report["intake"] as? [String: Any])?["last_twelve_quarters"] as? [[String: Any]])
            #expect(trend.map { $0["quarter"] as? String } == (0..<12).map { "\(2024 + $0 / 4)-Q\($0 % 4 + 1)" })
            let markdown = try await reporter.run("quarterly", ["--quarter", "2026-q4"] + Self.clock)
            #expect(markdown.standardOutput.hasPrefix("# Quarterly report 2026-Q4\n"))
        }
    }

    @Test func theLastCompletePeriodByDefaultAndAnchors() async throws {
        try await Self.withHistory { reporter in
            // 1 December 00:30 in Prague, still 30 November in UTC.
            let now = ["--format", "json", "--now", "2026-11-30T23:30:00Z"]
            let prague = try await reporter.run("monthly", now)
            #expect(prague.standardOutput.contains(#""month" : "2026-11""#), "\(prague.standardError)")
            #expect(try await reporter.run("monthly", now, zone: "UTC").standardOutput.contains(#""month" : "2026-10""#))
            let newYear = ["--format", "json", "--now", "2026-12-31T23:30:00Z"]
            #expect(try await reporter.run("quarterly", newYear).standardOutput.contains(#""quarter" : "2026-Q4""#))
            #expect(try await reporter.run("quarterly", newYear, zone: "UTC").standardOutput.contains(#""quarter" : "2026-Q3""#))

            // November's chain verified from the head October's report published.
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-monthly-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let october = try await reporter.run(
                "monthly", ["--month", "2026-10", "--format", "json", "--out-dir", scratch.path] + Self.clock)
            #expect(october.status == 0, "\(october.standardError)")
            let november = try await reporter.json(
                "monthly", ["--month", "2026-11", "--anchor", scratch.appendingPathComponent("2026-10.json").path])
            let audit = try #require(november["audit"] as? [String: Any])
            #expect(audit["verified"] as? Bool == true)
            #expect(audit["verified_from"] as? String == "2026-10")
        }
    }

    @Test func badPeriodsExit64WithAClearMessage() async throws {
        try await Self.withHistory { reporter in
            let cases: [(kind: String, arguments: [String], message: String)] = [
                ("monthly", ["--month", "2026-13"], "--month must be a month such as 2026-11"),
                ("monthly", ["--month", "2026-1"], "--month must be a month such as 2026-11"),
                ("monthly", ["--month", "November"], "--month must be a month such as 2026-11"),
                ("monthly", ["--month", "2026-W48"], "--month must be a month such as 2026-11"),
                ("monthly", ["--week", "2026-W48"], "--week"),
                ("quarterly", ["--quarter", "2026-Q5"], "--quarter must be a quarter such as 2026-Q4"),
                ("quarterly", ["--quarter", "2026-11"], "--quarter must be a quarter such as 2026-Q4"),
                ("quarterly", ["--quarter", "Q4-2026"], "--quarter must be a quarter such as 2026-Q4"),
                ("monthly", ["--format", "html", "--format", "json"], "several formats need --out-dir"),
            ]
            for (kind, arguments, message) in cases {
                let run = try await reporter.run(kind, arguments + Self.clock)
                #expect(run.status == 64, "\(kind) \(arguments): \(run.standardError)")
                #expect(run.standardError.contains(message), "\(kind) \(arguments): \(run.standardError)")
            }
            let zone = try await reporter.run("monthly", Self.clock, zone: "Mars/Olympus")
            #expect(zone.status == 64)
            #expect(zone.standardError.contains("VTRACK_TIMEZONE"))
        }
    }

    @Test func theCronWrapperWritesAndAnchors() async throws {
        try await Self.withHistory { reporter in
            let reports = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-monthly-cron-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: reports) }
            let environment = reporter.environment.merging([
                "VTRACK_BIN": TestEnvironment.binary("vtrack").path, "VTRACK_TIMEZONE": "Europe/Prague",
                "VTRACK_REPORT_DIR": reports.path,
            ]) { $1 }
            let first = try await Self.wrapper(["2026-10"], environment)
            #expect(first.status == 0, "\(first.standardError)")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted() == [
                    "2026-10.html", "2026-10.json", "2026-10.md",
                ])
            let second = try await Self.wrapper(["2026-11"], environment)
            #expect(second.status == 0, "\(second.standardError)")
            #expect(second.standardOutput.contains("chain verified from 2026-10.json"))
            let bad = try await Self.wrapper(["2026-13"], environment)
            #expect(bad.status == 64)
            #expect(bad.standardError.contains("the month must look like 2026-11"))
        }
    }

    static func wrapper(_ arguments: [String], _ environment: [String: String]) async throws -> BinaryRun {
        let script = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/monthly-report")
        return try await BinaryRunner.run(
            executable: URL(fileURLWithPath: "/bin/bash"), [script.path] + arguments, environment: environment)
    }
}
