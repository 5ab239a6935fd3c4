import Foundation
import Testing
import VolunteerTestSupport

/// Openings filled, the pause when the last fills, and ranking by fit,
/// through the real binary as a coordinator.
@Suite struct OpeningsCommandTests {
    static func id(_ n: Int) -> String { String(format: "a%07d-0000-4000-8000-000000000000", n) }

    /// Applicants written as intake writes them (one statement each), to `position`.
    static func applicants(
        _ rows: [(n: Int, position: String, languages: String, hours: String, skills: [String], windows: [(String, Int, Int)])]
    ) -> String {
        rows.map { row in
            let id = id(row.n)
            var sql = """
                WITH a AS (INSERT INTO applicants (id, languages, time_zone, hours_per_week)
                           VALUES ('\(id)', '\(row.languages)', 'UTC', \(row.hours)) RETURNING id)
                INSERT INTO applications (id, applicant_id, position_id, submitted_at)
                SELECT a.id, a.id, p.id, now() - interval '\(row.n) minutes' FROM a, positions p WHERE p.slug = '\(row.position)';

                """
            for skill in row.skills { sql += "INSERT INTO applicant_skills VALUES ('\(id)', '\(skill)');\n" }
            for (day, start, end) in row.windows {
                sql += "INSERT INTO availability_windows VALUES ('\(id)', '\(day)', \(start), \(end));\n"
            }
            return sql
        }.joined()
    }

    static func json(_ run: BinaryRun) throws -> Any {
        #expect(run.status == 0, "\(run.standardError)")
        return try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8))
    }

    @Test func thePositionPausesAsSystemWhenTheLastOpeningFillsAndRaisingOpeningsTakesItBack() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                try await KeysCommandTests.withHome { home in
                    let environment = ["DATABASE_URL": settings.url, "HOME": home.path, "NO_COLOR": "1"]
                    let vtrack = { (arguments: [String]) in try await BinaryRunner.run("vtrack", arguments, environment: environment) }
                    let created = try await vtrack([
                        "positions", "create", "editor", "--title", "Editor", "--team", "Ed", "--openings", "2",
                    ])
                    #expect(created.status == 0, "\(created.standardError)")
                    #expect(try await vtrack(["positions", "open", "editor"]).status == 0)
                    try await test.superuser(
                        script: Self.applicants(
                            (1...3).map { (n: $0, position: "editor", languages: "{en}", hours: "5", skills: [], windows: []) }))

                    #expect(try await vtrack(["applications", "move", "a0000001", "accepted"]).status == 0)
                    let half = try #require(try Self.json(try await vtrack(["positions", "show", "editor", "--json"])) as? [String: Any])
                    #expect(half["status"] as? String == "open")
                    #expect(half["accepted"] as? Int == 1 && half["openings"] as? Int == 2)
                    #expect(try await vtrack(["positions", "list"]).standardOutput.contains("filled 1/2"))

                    #expect(try await vtrack(["applications", "move", "a0000002", "accepted"]).status == 0)
                    let full = try #require(try Self.json(try await vtrack(["positions", "show", "editor", "--json"])) as? [String: Any])
                    #expect(full["status"] as? String == "paused")
                    #expect(full["accepted"] as? Int == 2)
                    #expect(try await vtrack(["positions", "show", "editor"]).standardOutput.contains("filled 2/2"))
                    let paused = try await test.values(
                        """
                        SELECT actor || ' ' || (payload->>'cause') FROM events
                        WHERE entity_type = 'position' AND event_type = 'position.status_changed' AND to_state = 'paused'
                        """)
                    #expect(paused == ["system filled"])

                    // Reopening while full says what to do instead.
                    let reopen = try await vtrack(["positions", "open", "editor"])
                    #expect(reopen.status == 65)
                    #expect(reopen.standardError.contains("2 of 2 openings filled") && reopen.standardError.contains("--openings"))

                    // Raising the openings takes it back, as the coordinator.
                    #expect(try await vtrack(["positions", "edit", "editor", "--openings", "3"]).status == 0)
                    let back = try #require(try Self.json(try await vtrack(["positions", "show", "editor", "--json"])) as? [String: Any])
                    #expect(back["status"] as? String == "open")
                    let raised = try await test.values(
                        "SELECT actor FROM events WHERE payload->>'cause' = 'openings_raised' AND to_state = 'open'")
                    #expect(raised == [settings.username])

                    // Kept open, the third acceptance does not pause it.
                    #expect(try await vtrack(["positions", "edit", "editor", "--keep-open"]).status == 0)
                    #expect(try await vtrack(["applications", "move", "a0000003", "accepted"]).status == 0)
                    let csv = try await vtrack(["positions", "list", "--format", "csv"])
                    #expect(csv.standardOutput.contains(#""open","0","3","3","3","true""#), "\(csv.standardOutput)")
                    let kept = try await test.values(
                        "SELECT payload::text FROM events WHERE event_type = 'position.keep_open_changed'")
                    #expect(kept == [#"{"keep_open": true}"#])
                }
            }
        }
    }

    /// One position asking for editing and translation, English, 5 hours;
    /// each neighbouring pair in the expected order is decided by one criterion.
    static let rankingFixture =
        """
        INSERT INTO skills (slug, label) VALUES ('translation', 'Translation');
        INSERT INTO positions (slug, title, team, languages, hours_per_week, openings) VALUES
            ('translator', 'Translator', 'T', '{en}', 5, 3), ('other', 'Other', 'T', '{}', NULL, 1);
        INSERT INTO position_skills SELECT id, s FROM positions, unnest('{editing,translation}'::text[]) s WHERE slug = 'translator';
        UPDATE positions SET status = 'open';

        """
        + applicants([
            // A: all skills, en-GB answers en, 6 of 5 hours.
            (1, "translator", "{en-GB}", "6", ["editing", "translation"], [("mon", 540, 900)]),
            // B: all skills, uk does not answer en (language decides C before B).
            (2, "translator", "{uk,ru}", "10", ["editing", "translation"], [("tue", 480, 1080)]),
            // C: all skills, en, but 2 hours (hours decide A before C).
            (3, "translator", "{en}", "3", ["editing", "translation"], [("wed", 540, 660)]),
            // D: half the skills (skills decide B before D); a window past midnight holds 4 hours.
            (4, "translator", "{en}", "20", ["editing"], [("thu", 1380, 180)]),
            // E: applied elsewhere only, fits perfectly: with --any-position.
            (5, "other", "{en}", "8", ["editing", "translation"], [("fri", 0, 600)]),
        ])
            + """
            INSERT INTO applications (id, applicant_id, position_id)
            SELECT 'b0000001-0000-4000-8000-000000000000', '\(id(1))', id FROM positions WHERE slug = 'other';
            """

    @Test func rankingOrdersByEachCriterionInTurnAndSaysWhy() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.superuser(script: "INSERT INTO skills (slug, label) VALUES ('editing', 'Editing');\n" + Self.rankingFixture)
            try await test.withRole(in: "vtrack_coordinator") { settings in
                try await KeysCommandTests.withHome { home in
                    let environment = ["DATABASE_URL": settings.url, "HOME": home.path, "NO_COLOR": "1"]
                    let vtrack = { (arguments: [String]) in try await BinaryRunner.run("vtrack", arguments, environment: environment) }
                    let ranked = try #require(
                        try Self.json(try await vtrack(["applications", "list", "--position", "translator", "--rank", "--json"]))
                            as? [[String: Any]])
                    #expect(ranked.map { ($0["applicant_id"] as? String)?.lowercased() } == [1, 3, 2, 4].map { Self.id($0) })
                    #expect(
                        ranked.map { $0["why"] as? String } == [
                            "skills 2/2, lang en-GB, 6/5 h", "skills 2/2, lang en, 2/5 h", "skills 2/2, lang -, 10/5 h",
                            "skills 1/2, lang en, 4/5 h",
                        ])
                    let fit = try #require(ranked.first?["fit"] as? [String: Any])
                    #expect(fit["skills_held"] as? Int == 2 && fit["skills_required"] as? Int == 2)
                    #expect(fit["language"] as? String == "en-GB" && fit["language_matched"] as? Bool == true)
                    #expect(fit["hours_per_week"] as? Double == 6 && fit["availability_hours"] as? Double == 6)
                    #expect(fit["position_hours"] as? Double == 5 && fit["score"] as? [Double] == [1, 1, 1])

                    let table = try await vtrack(["applications", "list", "--position", "translator", "--rank"])
                    #expect(table.status == 0, "\(table.standardError)")
                    #expect(table.standardOutput.contains("skills 2/2, lang en-GB, 6/5 h"))

                    // Applicant 1 applied to both: once, for this position; 5 marked as applied elsewhere.
                    let any = try #require(
                        try Self.json(
                            try await vtrack(["applications", "list", "--position", "translator", "--rank", "--any-position", "--json"]))
                            as? [[String: Any]])
                    // 5 ties with 1 and applied earlier.
                    #expect(any.map { ($0["applicant_id"] as? String)?.lowercased() } == [5, 1, 3, 2, 4].map { Self.id($0) })
                    #expect(any[0]["position"] as? String == "other" && any[1]["position"] as? String == "translator")
                    let anyTable = try await vtrack(["applications", "list", "--position", "translator", "--rank", "--any-position"])
                    #expect(anyTable.standardOutput.contains("other (other)"))

                    let page = try #require(
                        try Self.json(
                            try await vtrack([
                                "applications", "list", "--position", "translator", "--rank", "--limit", "2", "--page", "2", "--json",
                            ])) as? [[String: Any]])
                    #expect(page.map { ($0["applicant_id"] as? String)?.lowercased() } == [2, 4].map { Self.id($0) })
                    // A later page goes on counting places.
                    let pageTable = try await vtrack([
                        "applications", "list", "--position", "translator", "--rank", "--limit", "2", "--page", "2",
                    ])
                    #expect(pageTable.standardOutput.split(separator: "\n").dropFirst().map { $0.prefix(2) } == ["3 ", "4 "])

                    let candidates = try await vtrack(["positions", "show", "translator", "--candidates"])
                    #expect(candidates.status == 0, "\(candidates.standardError)")
                    #expect(
                        candidates.standardOutput.contains("Candidates") && candidates.standardOutput.contains("skills 1/2, lang en, 4/5 h")
                    )

                    // Bad input.
                    #expect(try await vtrack(["applications", "list", "--rank"]).status == 64)
                    #expect(try await vtrack(["applications", "list", "--position", "translator", "--any-position"]).status == 64)
                    #expect(
                        try await vtrack(["applications", "list", "--position", "translator", "--rank", "--status", "submitted"]).status
                            == 64)
                    #expect(try await vtrack(["positions", "show", "translator", "--any-position"]).status == 64)
                    let missing = try await vtrack(["applications", "list", "--position", "nowhere", "--rank"])
                    #expect(missing.status == 65 && missing.standardError.contains("nowhere"))
                }
            }
        }
    }
}
