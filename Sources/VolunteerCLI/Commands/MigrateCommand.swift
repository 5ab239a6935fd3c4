import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations, or list them with --status.",
        discussion: """
            Applies the numbered files in migrations/ in order, each in its own
            transaction. A re-run applies nothing; concurrent runs wait for each other.

            Examples:
              vtrack migrate
              vtrack migrate --status --json
              vtrack migrate --status --format csv
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The migrations folder (default: $VTRACK_MIGRATIONS_DIR, then ./migrations).")
    var migrations: String?

    @Flag(help: "List applied and pending migrations instead of applying them.")
    var status = false

    /// With --status only.
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if output.json && !status { throw ValidationError("--json goes with --status") }
        if let format = output.format, !status { throw ValidationError("--format \(format.rawValue) goes with --status") }
    }

    func run() async throws {
        try await CLIFailure.run {
            let folder = try MigrationDirectory.locate(explicit: migrations)
            let runner = MigrationRunner(migrations: try MigrationDirectory.load(folder), logger: CLILogging.logger)
            if status {
                let statuses = try await database.withDatabase { try await runner.status(on: $0) }
                try ListOutput.write(
                    output.resolved, json: { try MigrationStatusView.json(statuses) },
                    csvHeader: ["version", "file", "state", "applied_at"],
                    csvRows: {
                        statuses.map { [String($0.version), $0.fileName, $0.state.rawValue, $0.appliedAt?.formatted(.iso8601) ?? ""] }
                    },
                    table: { MigrationStatusView.table(statuses) })
            } else {
                let applied = try await database.withDatabase { try await runner.migrate(on: $0) }
                for migration in applied {
                    Terminal.standardOutput.writeLine("applied \(migration.fileName)")
                }
                let version = runner.migrations.latestVersion.map { String($0) } ?? "none"
                Terminal.standardOutput.writeLine(
                    applied.isEmpty ? "schema is up to date (version \(version))" : "schema is now at version \(version)"
                )
            }
        }
    }
}

enum MigrationStatusView {
    static func table(_ statuses: [MigrationStatus]) -> String {
        guard !statuses.isEmpty else { return "no migrations" }
        let width = max(4, statuses.map(\.fileName.count).max() ?? 0)
        var lines = ["FILE".padding(toLength: width, withPad: " ", startingAt: 0) + "  STATE    APPLIED AT"]
        for status in statuses {
            let applied = status.appliedAt.map { $0.formatted(.iso8601) } ?? "-"
            lines.append(
                status.fileName.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + status.state.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + "  " + applied
            )
        }
        return lines.joined(separator: "\n")
    }

    struct Row: Encodable {
        let version: Int
        let file: String
        let state: String
        let appliedAt: Date?

        enum CodingKeys: String, CodingKey { case version, file, state, appliedAt }

        /// Every key always present: `applied_at` is null while pending.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(version, forKey: .version)
            try container.encode(file, forKey: .file)
            try container.encode(state, forKey: .state)
            try container.encode(appliedAt, forKey: .appliedAt)
        }
    }

    static func json(_ statuses: [MigrationStatus]) throws -> String {
        try JSONOutput.render(
            statuses.map {
                Row(version: $0.version, file: $0.fileName, state: $0.state.rawValue, appliedAt: $0.appliedAt)
            })
    }
}
