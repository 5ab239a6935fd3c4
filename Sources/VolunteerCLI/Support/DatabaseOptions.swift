import ArgumentParser
import Logging
import VolunteerStore

/// `--database-url`, else `DATABASE_URL`, else the `PG*` variables.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "postgres://user:password@host:port/database (default: $DATABASE_URL, then PG* variables)")
    var url: String?

    func settings() throws -> DatabaseSettings {
        if let url { return try DatabaseSettings(url: url) }
        return try DatabaseSettings.fromEnvironment()
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
