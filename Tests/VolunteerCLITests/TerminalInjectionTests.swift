import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@testable import VolunteerCLI

/// Applicants and colleagues type text that coordinators' terminals print:
/// none of it may act on the terminal.
@Suite struct TerminalInjectionTests {
    /// Clears the screen, sets the clipboard (OSC 52), hides a link (OSC 8),
    /// reverses what follows (U+202E), joins invisibly (U+200D), and forges
    /// a line of its own.
    static let attack =
        "\u{1B}[2J\u{1B}[H" + "\u{1B}]52;c;ZXZpbA==\u{07}"
        + "\u{1B}]8;;https://evil.example/\u{1B}\\click\u{1B}]8;;\u{1B}\\" + "\u{202E}gpj.exe" + "a\u{200D}b" + "\u{9B}31m" + "\nforged"
    /// A team has at most 80 characters.
    static let shortHostileTeam = "Ред\u{1B}[2J\u{1B}]8;;https://e.example/\u{7}\u{202E}\u{200D}\nforged"
    static let ordinary = ["Олена Шевченко", "Їжак ґава є", "مرحبا بكم 🙂👍"]

    static func hostile(_ label: String, _ index: Int) -> String {
        "\(label) \(ordinary[index % ordinary.count]) \(attack)"
    }

    /// No raw scalar a terminal acts on, apart from the line feeds of the
    /// output's own layout (and of a field printed as a paragraph).
    static func expectInert(
        _ output: String, _ context: String, paragraphs: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let active = output.unicodeScalars.filter { $0 != "\n" && $0 != "\r" && !TerminalText.isInert($0) }
        #expect(active.isEmpty, "\(context): raw \(active.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
        if !paragraphs {
            #expect(!output.contains("\nforged"), "\(context): a typed line break forged a line", sourceLocation: sourceLocation)
        }
        #expect(output.contains("\\u{1B}]"), "\(context): the escape is shown", sourceLocation: sourceLocation)
    }

    @Test func escapeShowsWhatActsAndKeepsEveryScript() {
        #expect(TerminalText.escape("a\u{1B}[31mb") == "a\\u{1B}[31mb")
        #expect(
            TerminalText.escape("\u{202E}\u{2066}\u{200E}\u{061C}\u{FEFF}\u{2028}\u{7F}\u{85}")
                == "\\u{202E}\\u{2066}\\u{200E}\\u{61C}\\u{FEFF}\\u{2028}\\u{7F}\\u{85}")
        #expect(TerminalText.escape("one\ntwo") == "one\\u{A}two")
        #expect(TerminalText.escape("one\ntwo", paragraph: true) == "one\ntwo")
        #expect(TerminalText.escape("one\r\ntwo", paragraph: true) == "one\\u{D}\ntwo")
        for text in Self.ordinary + ["plain ASCII, with \\ and ~"] { #expect(TerminalText.escape(text) == text) }
    }

    @Test func jsonCarriesEveryInvisibleAsAnEscapeThatParsesBack() throws {
        let name = Self.hostile("name", 0) + "\u{2029}\u{E0001}"
        let json = try JSONOutput.render(["name": name])
        #expect(json.contains("\\u001b") || json.contains("\\u001B"))
        #expect(json.contains("\\u202e"))
        #expect(json.contains("\\udb40\\udc01"), "a scalar beyond the BMP as its surrogate pair")
        #expect(json.unicodeScalars.allSatisfy { ["\n"].contains($0) || TerminalText.isInert($0) })
        let parsed = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        #expect(parsed["name"] == name)
    }

    @Test func revealedDataNotesPositionsAndAssigneesCannotActOnTheTerminal() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let (test, settings, environment) = (pipeline.test, pipeline.settings, pipeline.environment)
            func vtrack(_ arguments: String..., input: String? = nil) async throws -> BinaryRun {
                let run = try await BinaryRunner.run("vtrack", arguments, environment: environment, input: input)
                #expect(run.status == 0, "\(arguments): \(run.standardError)")
                return run
            }
            let person = PersonalData(
                name: Self.hostile("name", 0), email: Self.hostile("mail", 1), otherContact: Self.hostile("other", 2),
                motivation: Self.hostile("motivation", 3)
            )
            let id = try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                try await ApplicationRepository(database: database).submit(TestSealing.newApplication(database, person: person)).id
            }
            // What only a colleague in psql could type: free text where the CLI would not let it in.
            try await test.superuser(
                "UPDATE positions SET title = \(Self.sqlText(Self.hostile("title", 1))), team = \(Self.sqlText(Self.shortHostileTeam)), description = \(Self.sqlText(Self.hostile("description", 3)))",
                "UPDATE applications SET assigned_to = \(Self.sqlText(Self.hostile("assignee", 0)))"
            )
            let short = ShortID.display(id)
            _ = try await vtrack("applications", "note", short, "-", input: Self.hostile("note", 1))

            for arguments in [
                ["applications", "list", "--reveal"], ["applications", "show", short, "--reveal"], ["applications", "notes", short],
                ["positions", "list"], ["positions", "show", "editor"], ["audit", "log"],
            ] {
                let run = try await BinaryRunner.run("vtrack", arguments, environment: environment)
                #expect(run.status == 0, "\(arguments): \(run.standardError)")
                let paragraphs = arguments[1] == "notes" || arguments[1] == "show" && arguments[0] == "positions"
                if arguments != ["audit", "log"] {
                    Self.expectInert(run.standardOutput, arguments.joined(separator: " "), paragraphs: paragraphs)
                }
                #expect(run.standardOutput.unicodeScalars.allSatisfy { $0 == "\n" || TerminalText.isInert($0) })
            }
            let list = try await vtrack("applications", "list", "--reveal")
            #expect(list.standardOutput.contains("Олена Шевченко"), "Cyrillic passes as it is")
            let show = try await vtrack("applications", "show", short, "--reveal")
            for text in Self.ordinary { #expect(show.standardOutput.contains(text), "\(text) passes as it is") }
            let notes = try await vtrack("applications", "notes", short)
            #expect(notes.standardOutput.contains("note Їжак ґава є"))

            let csv = try await vtrack("applications", "list", "--reveal", "--format", "csv")
            Self.expectInert(csv.standardOutput, "csv")
            #expect(csv.standardOutput.components(separatedBy: "\r\n").count == 6, "a header and four records, each on one line")

            let json = try await vtrack("applications", "list", "--reveal", "--json")
            #expect(json.standardOutput.unicodeScalars.allSatisfy { $0 == "\n" || TerminalText.isInert($0) })
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
            let names = rows.compactMap { ($0["personal_data"] as? [String: Any])?["name"] as? String }
            #expect(names.contains(person.name), "JSON keeps the exact text")
        }
    }

    /// A PostgreSQL literal of any text, without quoting rules to get wrong.
    static func sqlText(_ text: String) -> String {
        "convert_from(decode('\(Data(text.utf8).map { String(format: "%02x", $0) }.joined())', 'hex'), 'UTF8')"
    }
}
