import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// POSITION, or --team TEAM: whose template.
struct TemplateOwnerOptions: ParsableArguments {
    @Argument(help: "The position's slug (or give --team).") var position: String?
    @Option(help: "A team's default template, for its positions without one of their own.") var team: String?

    func validate() throws {
        guard (position == nil) != (team == nil) else {
            throw ValidationError("give a position's slug or --team TEAM, not both and not neither")
        }
    }

    var owner: TemplateOwner { position.map(TemplateOwner.position) ?? .team(team!) }
}

struct OnboardingTemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Show, set or edit the onboarding template of a position, or a team's default.",
        discussion: """
            Examples:
              vtrack onboarding template show editor
              vtrack onboarding template set editor --file editor-onboarding.yaml
              vtrack onboarding template set --team Editorial --file default.yaml
              vtrack onboarding template edit editor
            """,
        subcommands: [Show.self, Set.self, Edit.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the template that applies (the position's own, else its team's).",
            discussion: "Example:\n  vtrack onboarding template show editor --yaml > editor.yaml"
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var owner: TemplateOwnerOptions
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Print the template as the YAML `set` reads.") var yaml = false

        func run() async throws {
            try await CLIFailure.run {
                let owner = self.owner.owner
                guard let template = try await database.withDatabase({ try await OnboardingRepository(database: $0).template(for: owner) })
                else {
                    throw DomainError.notFound(
                        entity: "onboarding template for", id: "\(owner) (set one with `vtrack onboarding template set`)")
                }
                if json { return Terminal.standardOutput.writeLine(try JSONOutput.render(template)) }
                if yaml { return Terminal.standardOutput.write(TemplateFile.render(template.tasks)) }
                Terminal.standardOutput.writeLine(
                    Style.dim(
                        TerminalText.escape(
                            "template of \(template.kind) \(template.owner), set by \(template.updatedBy) on \(template.updatedAt.formatted(.iso8601))"
                        )))
                var table = TextTable("#", "TITLE", "WHO", "DUE", "REQUIRED")
                for (index, task) in template.tasks.enumerated() {
                    table.append(
                        String(index + 1), task.title, task.performer.rawValue, "+\(task.dueInDays)d", task.required ? "yes" : "no")
                }
                Terminal.standardOutput.writeLine(table.render())
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the template from a YAML or JSON file (- for stdin).",
            discussion: """
                Tasks already made for volunteers stay as they were.
                A file looks like:
                  tasks:
                    - title: Intro call
                      who: coordinator
                      due_in_days: 2
                    - title: Read the style guide
                      who: volunteer
                      due_in_days: 7
                      required: false
                Example:
                  vtrack onboarding template set editor --file editor.yaml
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var owner: TemplateOwnerOptions
        @Option(help: "The template file (- for stdin).") var file: String

        func run() async throws {
            try await CLIFailure.run {
                let tasks = try TemplateFile.parse(try YAMLInput.read(file), source: file == "-" ? "stdin" : file)
                let owner = self.owner.owner
                let template = try await database.withDatabase {
                    try await OnboardingRepository(database: $0).setTemplate(owner, tasks: tasks)
                }
                Terminal.standardOutput.writeLine(TerminalText.escape("template of \(owner) set: \(template.tasks.count) task(s)"))
            }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Edit the template in $VISUAL or $EDITOR, then set it.",
            discussion: """
                Starts from the template that applies (or an example). Nothing changes
                if the file is left as it was or does not validate; the error says why.
                Example:
                  EDITOR=nano vtrack onboarding template edit editor
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var owner: TemplateOwnerOptions

        func run() async throws {
            try await CLIFailure.run {
                let owner = self.owner.owner
                let current = try await database.withDatabase { try await OnboardingRepository(database: $0).template(for: owner) }
                let before =
                    current.map { TemplateFile.render($0.tasks) }
                    ?? TemplateFile.render([
                        TemplateTask(title: "Intro call", performer: .coordinator, dueInDays: 2),
                        TemplateTask(title: "Read the style guide", performer: .volunteer, dueInDays: 7),
                    ])
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-template-\(UUID().uuidString).yaml")
                try Data(before.utf8).write(to: file)
                defer { try? FileManager.default.removeItem(at: file) }
                try Editor.open(file.path)
                let after = try YAMLInput.read(file.path)
                guard after != before else { return Terminal.standardError.writeLine("no change") }
                let tasks = try TemplateFile.parse(after, source: "the edited template")
                let template = try await database.withDatabase {
                    try await OnboardingRepository(database: $0).setTemplate(owner, tasks: tasks)
                }
                Terminal.standardOutput.writeLine(TerminalText.escape("template of \(owner) set: \(template.tasks.count) task(s)"))
            }
        }
    }
}

/// The user's editor, on a file, waited for.
enum Editor {
    static func open(_ path: String) throws {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Through the shell, as git does, so that EDITOR="code --wait" works.
        process.arguments = ["-c", "\(editor) \"$1\"", "editor", path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DomainError.invalid(field: "editor", reason: "`\(editor)` exited with \(process.terminationStatus); nothing changed")
        }
    }
}
