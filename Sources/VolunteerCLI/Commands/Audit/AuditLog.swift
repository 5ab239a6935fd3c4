import ArgumentParser
import VolunteerStore

extension AuditCommand {
    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List events, oldest first.",
            discussion: """
                Shows the --limit most recent matching events (100 unless given), oldest
                first; --page 2 shows the --limit before those, and so on back in time.
                Examples:
                  vtrack audit log --entity application:3f2a9c1e-0d4b-4c47-9a51-8b0e6f1d2c3a
                  vtrack audit log --actor alice --since 2026-11-01 --json
                  vtrack audit log --limit 500 --page 2 --format csv
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var filter: EventFilterOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLIFailure.run {
                let filter = try filter.filter()
                let events = try await database.withDatabase { try await EventLog(database: $0).list(filter) }
                try EventLogView.write(events, output.resolved)
                if output.resolved == .table { PageOptions.hintIfFull(events.count, limit: filter.limit, page: self.filter.page) }
            }
        }
    }
}
