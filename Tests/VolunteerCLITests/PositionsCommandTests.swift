import Foundation
import Testing
import VolunteerTestSupport

/// `vtrack positions …` through the real binary, as a coordinator.
@Suite struct PositionsCommandTests {
    static func withCoordinator(_ body: (_ vtrack: ([String]) async throws -> BinaryRun, _ folder: URL) async throws -> Void) async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                try await KeysCommandTests.withHome { home in
                    let environment = ["DATABASE_URL": settings.url, "HOME": home.path, "NO_COLOR": "1"]
                    _ = try await BinaryRunner.run("vtrack", ["skills", "add", "editing", "Editing"], environment: environment)
                    try await body({ try await BinaryRunner.run("vtrack", $0, environment: environment) }, home)
                }
            }
        }
    }

    @Test func aPositionLivesThroughItsWholeCycle() async throws {
        try await Self.withCoordinator { vtrack, _ in
            let created = try await vtrack([
                "positions", "create", "editor", "--title", "Editor", "--team", "Editorial", "--skill", "editing", "--language", "uk",
            ])
            #expect(created.status == 0, "\(created.standardError)")
            #expect(created.standardOutput.contains("created as a draft"))
            #expect(try await vtrack(["positions", "create", "editor", "--title", "Again", "--team", "Editorial"]).status == 1)

            #expect(try await vtrack(["positions", "open", "editor"]).status == 0)
            #expect(try await vtrack(["positions", "pause", "editor"]).status == 0)
            let closeWithoutReason = try await vtrack(["positions", "close", "editor"])
            #expect(closeWithoutReason.status == 64)
            #expect(closeWithoutReason.standardError.contains("needs --reason"))
            #expect(try await vtrack(["positions", "close", "editor", "--reason", "filled"]).status == 0)
            let pauseClosed = try await vtrack(["positions", "pause", "editor"])
            #expect(pauseClosed.status == 1)
            #expect(pauseClosed.standardError.contains("is `closed`"))
            #expect(try await vtrack(["positions", "reopen", "editor", "--reason", "a new magazine"]).status == 0)
            let reopenOpen = try await vtrack(["positions", "reopen", "editor", "--reason", "again"])
            #expect(reopenOpen.status == 1)

            #expect(try await vtrack(["positions", "edit", "editor", "--openings", "3", "--hours", "6"]).status == 0)
            let nothing = try await vtrack(["positions", "edit", "editor"])
            #expect(nothing.status == 65)

            let show = try await vtrack(["positions", "show", "editor", "--json"])
            let position = try #require(try JSONSerialization.jsonObject(with: Data(show.standardOutput.utf8)) as? [String: Any])
            #expect(position["status"] as? String == "open")
            #expect(position["status_reason"] as? String == "a new magazine")
            #expect(position["openings"] as? Int == 3)
            #expect(position["hours_per_week"] as? Double == 6)
            #expect(position["skills"] as? [String] == ["editing"])

            let list = try await vtrack(["positions", "list"])
            #expect(list.standardOutput.contains("editor") && list.standardOutput.contains("open"))
            let csv = try await vtrack(["positions", "list", "--format", "csv"])
            #expect(
                csv.standardOutput.hasPrefix(
                    #""slug","title","team","status","open_applications","total_applications","openings","accepted","keep_open""# + "\r\n"))
            #expect(try await vtrack(["positions", "show", "nowhere"]).status == 65)
        }
    }

    @Test func aPositionComesFromAYAMLOrJSONFileAndBadFilesAreNamed() async throws {
        try await Self.withCoordinator { vtrack, folder in
            let yaml = folder.appendingPathComponent("translator.yaml")
            try """
            title: Translator (English)
            team: Translation
            skills: [editing]
            languages: [uk, en]
            hours_per_week: 5
            description: |
              Translate two articles a week.
              Style guide included.
            """.write(to: yaml, atomically: true, encoding: .utf8)
            let created = try await vtrack(["positions", "create", "translator-en", "--file", yaml.path, "--openings", "2", "--json"])
            #expect(created.status == 0, "\(created.standardError)")
            let position = try #require(try JSONSerialization.jsonObject(with: Data(created.standardOutput.utf8)) as? [String: Any])
            #expect(position["title"] as? String == "Translator (English)")
            #expect(position["languages"] as? [String] == ["uk", "en"])
            #expect(position["openings"] as? Int == 2)
            #expect((position["description"] as? String)?.contains("Style guide included.") == true)

            let json = folder.appendingPathComponent("social.json")
            try #"{"title": "Social media", "team": "Outreach", "hours_per_week": 3}"#.write(to: json, atomically: true, encoding: .utf8)
            #expect(try await vtrack(["positions", "create", "social", "--file", json.path]).status == 0)

            let unknown = folder.appendingPathComponent("unknown.yaml")
            try "title: X\nteam: Y\nsalary: 100\n".write(to: unknown, atomically: true, encoding: .utf8)
            let refused = try await vtrack(["positions", "create", "x", "--file", unknown.path])
            #expect(refused.status == 65)
            #expect(refused.standardError.contains("line 3: salary: is not a known field"))

            let broken = folder.appendingPathComponent("broken.yaml")
            try "title: [unclosed\nteam: Y\n".write(to: broken, atomically: true, encoding: .utf8)
            let unreadable = try await vtrack(["positions", "create", "y", "--file", broken.path])
            #expect(unreadable.status == 65)
            #expect(unreadable.standardError.contains("is not valid YAML or JSON"))

            let wrongType = folder.appendingPathComponent("wrong.yaml")
            try "title: X\nteam: Y\nopenings: many\n".write(to: wrongType, atomically: true, encoding: .utf8)
            let mistyped = try await vtrack(["positions", "create", "z", "--file", wrongType.path])
            #expect(mistyped.status == 65)
            #expect(mistyped.standardError.contains("openings"))

            let missing = try await vtrack(["positions", "create", "w", "--file", folder.appendingPathComponent("none.yaml").path])
            #expect(missing.status == 65)
            #expect(try await vtrack(["positions", "create", "v", "--title", "V"]).status == 65, "a team is required")
            let list = try await vtrack(["positions", "list", "--json"])
            let all = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
            #expect(all.count == 2, "nothing half-written by the refused files")
        }
    }

    @Test func aPositionIsTranslatedReplacedAndRemovedWithClearRefusals() async throws {
        try await Self.withCoordinator { vtrack, folder in
            #expect(try await vtrack(["positions", "create", "editor", "--title", "Editor", "--team", "Editorial"]).status == 0)
            let description = folder.appendingPathComponent("editor.ru.txt")
            try "Редактировать наши статьи.\n\nДва часа в неделю.".write(to: description, atomically: true, encoding: .utf8)
            let set = try await vtrack([
                "positions", "translate", "editor", "--lang", "ru", "--title", "Редактор", "--description-file", description.path,
            ])
            #expect(set.status == 0, "\(set.standardError)")
            #expect(try await vtrack(["positions", "translate", "editor", "--lang", "uk", "--title", "Редактор"]).status == 0)
            #expect(try await vtrack(["positions", "translate", "editor", "--lang", "uk", "--title", "Редакторка"]).status == 0)
            let shown = try await vtrack(["positions", "show", "editor", "--json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any])
            #expect(json["translations"] as? [String] == ["ru", "uk"])

            let badTag = try await vtrack(["positions", "translate", "editor", "--lang", "Russian", "--title", "Редактор"])
            #expect(badTag.status == 65 && badTag.standardError.contains("--lang"), "\(badTag.standardError)")
            let longTitle = try await vtrack([
                "positions", "translate", "editor", "--lang", "cs", "--title", String(repeating: "x", count: 201),
            ])
            #expect(longTitle.status == 65 && longTitle.standardError.contains("--title"), "\(longTitle.standardError)")
            let noTitle = try await vtrack(["positions", "translate", "editor", "--lang", "cs"])
            #expect(noTitle.status == 64)
            let missing = try await vtrack(["positions", "translate", "writer", "--lang", "cs", "--title", "Spisovatel"])
            #expect(missing.status == 65 && missing.standardError.contains("writer"))

            #expect(try await vtrack(["positions", "translate", "editor", "--lang", "ru", "--remove"]).status == 0)
            let again = try await vtrack(["positions", "translate", "editor", "--lang", "ru", "--remove"])
            #expect(again.status == 65, "\(again.standardError)")
        }
    }
}
