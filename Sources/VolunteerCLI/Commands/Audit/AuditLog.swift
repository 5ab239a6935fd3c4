import ArgumentParser
import VolunteerStore

extension AuditCommand {
    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List events, oldest first.",
            discussion: """
                Examples:
                  vtrack audit log --entity application:3f2a9c1e-0d4b-4c47-9a51-8b0e6f1d2c3a
                  vtrack audit log --actor alice --since 2026-11-01 --json
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var filter: EventFilterOptions

        func run() async throws {
            try await CLIFailure.run {
                let filter = try filter.filter()
                let events = try await database.withDatabase { try await EventLog(database: $0).list(filter) }
                Terminal.standardOutput.writeLine(try EventLogView.render(events, json: self.filter.json))
            }
        }
    }
}
