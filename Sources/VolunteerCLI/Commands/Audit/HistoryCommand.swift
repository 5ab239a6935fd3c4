import ArgumentParser
import VolunteerStore

/// `vtrack history TYPE:ID`: the short form of `vtrack audit log --entity`.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the history of one position, application or volunteer.",
        discussion: "Example:\n  vtrack history application:3f2a9c1e-0d4b-4c47-9a51-8b0e6f1d2c3a"
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "TYPE:ID, e.g. application:3f2a9c1e-…") var entity: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await CLIFailure.run {
            let (type, id) = try EventFilterOptions.parseEntity(entity)
            let events = try await database.withDatabase {
                try await EventLog(database: $0).list(.init(entityType: type, entityID: id, limit: 10_000))
            }
            Terminal.standardOutput.writeLine(try EventLogView.render(events, json: json))
        }
    }
}
