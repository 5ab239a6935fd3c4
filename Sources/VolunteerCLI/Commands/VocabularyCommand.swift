import ArgumentParser
import VolunteerStore

/// Which vocabulary a `VocabularyCommand` manages, and how its help reads.
protocol VocabularyKind: Sendable {
    static var vocabulary: Vocabulary { get }
    static var abstract: String { get }
    /// An example slug and label, for help texts.
    static var example: (slug: String, label: String) { get }
}

enum SkillsVocabulary: VocabularyKind {
    static var vocabulary: Vocabulary { .skills }
    static var abstract: String { "Manage the controlled vocabulary of skills." }
    static var example: (slug: String, label: String) { ("social-media", "Social media management") }
}

enum SourcesVocabulary: VocabularyKind {
    static var vocabulary: Vocabulary { .sources }
    static var abstract: String { "Manage where applicants can say they heard of us." }
    static var example: (slug: String, label: String) { ("podcast", "A podcast") }
}

/// `vtrack skills …` and `vtrack sources …`: list, add, rename, retire.
struct VocabularyCommand<Kind: VocabularyKind>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Kind.vocabulary.rawValue,
            abstract: Kind.abstract,
            discussion:
                "Examples:\n  vtrack \(Kind.vocabulary.rawValue) list\n  vtrack \(Kind.vocabulary.rawValue) add social-media \"Social media\"",
            subcommands: [List.self, Add.self, Rename.self, Retire.self]
        )
    }

    static var name: String { Kind.vocabulary.rawValue }
    static var entity: String { Kind.vocabulary.entity }

    struct List: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(
                abstract: "List \(name) by slug.",
                discussion: "Examples:\n  vtrack \(name) list --all --json\n  vtrack \(name) list --format csv --limit 500")
        }
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var paging: PageOptions
        @Flag(help: "Include retired ones.") var all = false

        func run() async throws {
            try await CLIFailure.run {
                let (all, limit, offset) = (all, paging.limit, paging.offset)
                let terms = try await database.withDatabase {
                    try await VocabularyRepository(database: $0, vocabulary: Kind.vocabulary).list(
                        includingRetired: all, limit: limit, offset: offset)
                }
                try ListOutput.write(
                    output.resolved, json: { try JSONOutput.render(terms) }, csvHeader: ["slug", "label", "state"],
                    csvRows: { terms.map { [$0.slug, $0.label, $0.retired ? "retired" : "in use"] } },
                    table: {
                        var table = TextTable(entity.uppercased(), "LABEL", "STATE")
                        for term in terms { table.append(term.slug, term.label, term.retired ? "retired" : "in use") }
                        return table.render()
                    })
                if output.resolved == .table { paging.hintIfFull(terms.count) }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(
                abstract: "Add a \(entity).",
                discussion: "Example:\n  vtrack \(name) add \(Kind.example.slug) \"\(Kind.example.label)\""
            )
        }
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Lowercase letters, digits and hyphens.") var slug: String
        @Argument(help: "How people read it.") var label: String

        func run() async throws {
            try await CLIFailure.run {
                _ = try await database.withDatabase {
                    try await VocabularyRepository(database: $0, vocabulary: Kind.vocabulary).add(slug: slug, label: label)
                }
                Terminal.standardOutput.writeLine("added \(entity) \(slug)")
            }
        }
    }

    struct Rename: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(
                abstract: "Rename a \(entity) everywhere it is used.",
                discussion: "Example:\n  vtrack \(name) rename old-name \(Kind.example.slug) --label \"\(Kind.example.label)\""
            )
        }
        @OptionGroup var database: DatabaseOptions
        @Argument var slug: String
        @Argument var newSlug: String
        @Option(help: "A new label too.") var label: String?

        func run() async throws {
            try await CLIFailure.run {
                try await database.withDatabase {
                    try await VocabularyRepository(database: $0, vocabulary: Kind.vocabulary).rename(slug, to: newSlug, label: label)
                }
                Terminal.standardOutput.writeLine("renamed \(entity) \(slug) to \(newSlug)")
            }
        }
    }

    struct Retire: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(
                abstract: "Retire a \(entity): it stays in history but cannot be chosen.",
                discussion: "Example:\n  vtrack \(name) retire \(Kind.example.slug)"
            )
        }
        @OptionGroup var database: DatabaseOptions
        @Argument var slug: String

        func run() async throws {
            try await CLIFailure.run {
                try await database.withDatabase {
                    try await VocabularyRepository(database: $0, vocabulary: Kind.vocabulary).retire(slug)
                }
                Terminal.standardOutput.writeLine("retired \(entity) \(slug)")
            }
        }
    }
}
