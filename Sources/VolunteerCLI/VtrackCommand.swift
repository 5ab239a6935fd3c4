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
        subcommands: [MigrateCommand.self]
    )

    public init() {}
}

extension VtrackCommand {
    /// Parses the process arguments and runs the chosen command. Spelled out
    /// because `main()` called from another module picks the synchronous
    /// overload, which refuses asynchronous commands.
    public static func runAsMain() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
