import ArgumentParser
import VolunteerStore

struct SkillsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skills",
        abstract: "Manage the controlled vocabulary of skills.",
        subcommands: [List.self, Add.self, Rename.self, Retire.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List skills.",
            discussion: "Example:\n  vtrack skills list --all --json"
        )
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Include retired skills.") var all = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CLIFailure.run {
                let skills = try await database.withDatabase { try await SkillRepository(database: $0).list(includingRetired: all) }
                if json {
                    Terminal.standardOutput.writeLine(try JSONOutput.render(skills))
                } else {
                    var table = TextTable("SKILL", "LABEL", "STATE")
                    for skill in skills { table.append(skill.slug, skill.label, skill.retired ? "retired" : "in use") }
                    Terminal.standardOutput.writeLine(table.render())
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a skill.",
            discussion: "Example:\n  vtrack skills add social-media \"Social media management\""
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Lowercase letters, digits and hyphens.") var slug: String
        @Argument(help: "How people read it.") var label: String

        func run() async throws {
            try await CLIFailure.run {
                _ = try await database.withDatabase { try await SkillRepository(database: $0).add(slug: slug, label: label) }
                Terminal.standardOutput.writeLine("added skill \(slug)")
            }
        }
    }

    struct Rename: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rename a skill everywhere it is used.",
            discussion: "Example:\n  vtrack skills rename smm social-media --label \"Social media\""
        )
        @OptionGroup var database: DatabaseOptions
        @Argument var slug: String
        @Argument var newSlug: String
        @Option(help: "A new label too.") var label: String?

        func run() async throws {
            try await CLIFailure.run {
                try await database.withDatabase { try await SkillRepository(database: $0).rename(slug, to: newSlug, label: label) }
                Terminal.standardOutput.writeLine("renamed skill \(slug) to \(newSlug)")
            }
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retire a skill: it stays in history but cannot be chosen.",
            discussion: "Example:\n  vtrack skills retire fax-operation"
        )
        @OptionGroup var database: DatabaseOptions
        @Argument var slug: String

        func run() async throws {
            try await CLIFailure.run {
                try await database.withDatabase { try await SkillRepository(database: $0).retire(slug) }
                Terminal.standardOutput.writeLine("retired skill \(slug)")
            }
        }
    }
}
