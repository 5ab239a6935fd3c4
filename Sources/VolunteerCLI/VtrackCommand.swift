import ArgumentParser
import VolunteerCore

/// `vtrack`: the coordinators' command-line tool.
public struct VtrackCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vtrack",
        abstract: "Run volunteer recruitment: positions, applications, onboarding, availability, reports.",
        discussion: """
            Connects to PostgreSQL through --database-url, $DATABASE_URL, or the
            PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).

            \(ExitStatus.helpText)

            Examples:
              vtrack positions list
              vtrack applications list --waiting-longer-than 7d
              vtrack --generate-completion-script bash > /etc/bash_completion.d/vtrack
            """,
        subcommands: [
            MigrateCommand.self, VocabularyCommand<SkillsVocabulary>.self, VocabularyCommand<SourcesVocabulary>.self,
            PositionsCommand.self, ApplicationsCommand.self, ApplicantsCommand.self, MessagesCommand.self, OnboardingCommand.self,
            VolunteersCommand.self,
            AvailabilityCommand.self, InterviewsCommand.self,
            ReportCommand.self,
            AuditCommand.self, HistoryCommand.self, KeysCommand.self,
            CoordinatorsCommand.self, ServersCommand.self, PrivacyNoticeCommand.self, RetentionCommand.self,
        ]
    )

    public init() {}
}
