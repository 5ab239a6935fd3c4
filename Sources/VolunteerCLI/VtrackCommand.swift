import ArgumentParser

/// `vtrack`: the coordinators' command-line tool.
public struct VtrackCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vtrack",
        abstract: "Run volunteer recruitment: positions, applications, onboarding, availability, reports.",
        discussion: """
            Connects to PostgreSQL through --database-url, $DATABASE_URL, or the
            PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).

            \(ExitStatus.helpText)
            """,
        subcommands: [
            MigrateCommand.self, VocabularyCommand<SkillsVocabulary>.self, VocabularyCommand<SourcesVocabulary>.self,
            AuditCommand.self, HistoryCommand.self, ApplicationsCommand.self, KeysCommand.self, CoordinatorsCommand.self,
        ]
    )

    public init() {}
}
