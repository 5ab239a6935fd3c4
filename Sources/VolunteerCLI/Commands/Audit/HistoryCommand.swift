import ArgumentParser
import VolunteerStore

/// `vtrack history TYPE:ID`: the short form of `vtrack audit log --entity`.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the history of one position, application or volunteer.",
        discussion: """
            Examples:
              vtrack history application:3f2a9c1e-0d4b-4c47-9a51-8b0e6f1d2c3a
              vtrack history volunteer:5b2c0e4f-8f8e-4c1a-9d2b-0a1e3c5d7f90 --format csv
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "TYPE:ID, e.g. application:3f2a9c1e-…") var entity: String

    func run() async throws {
        try await CLIFailure.run {
            let (type, id) = try EventFilterOptions.parseEntity(entity)
            let events = try await database.withDatabase {
                try await EventLog(database: $0).list(.init(entityType: type, entityID: id, limit: 10_000))
            }
            try EventLogView.write(events, output.resolved)
        }
    }
}
