import ArgumentParser
import Logging
import VolunteerCore
import VolunteerStore

/// `--database-url`, else `DATABASE_URL`, else the `PG*` variables.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help:
            "postgres://user@host:port/database, without a password: that comes from $PGPASSWORD (default: $DATABASE_URL, then PG* variables)"
    )
    var url: String?

    func settings() throws -> DatabaseSettings {
        try url.map { try DatabaseSettings.fromArgument($0, named: "--database-url") } ?? DatabaseSettings.fromEnvironment()
    }

    func withDatabase<Result: Sendable>(_ body: @Sendable (Database) async throws -> Result) async throws -> Result {
        try await Database.withDatabase(try settings(), logger: CLILogging.logger, body)
    }
}

enum CLILogging {
    /// Diagnostics only; what a command reports goes to stdout.
    static let logger: Logger = {
        var logger = Logger(label: "vtrack") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return logger
    }()
}
