import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct MessagesInbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "List replies no coordinator has read yet, oldest first.",
        discussion: """
            Shows where the replies are, never what they say, so it reveals nothing; read
            one with `vtrack messages thread ID`, which marks its replies as read.
            Examples:
              vtrack messages inbox
              vtrack messages inbox --format csv --limit 500
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Rows per page (1 to 10000).") var limit = 50
    @Option(help: "Which page of --limit rows, from 1.") var page = 1

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        guard page >= 1 else { throw ValidationError("--page starts at 1") }
    }

    func run() async throws {
        try await CLIFailure.run {
            let (limit, offset) = (limit, (page - 1) * limit)
            let entries = try await database.withDatabase {
                try await MessageRepository(database: $0).inbox(limit: limit, offset: offset)
            }
            let now = Date()
            switch output.resolved {
            case .json:
                Terminal.standardOutput.writeLine(try JSONOutput.render(entries))
            case .csv:
                Terminal.standardOutput.write(
                    CSV.render(
                        [["message_id", "application_id", "position", "status", "received_at", "unread_in_thread"]]
                            + entries.map {
                                [
                                    $0.messageId.uuidString.lowercased(), $0.applicationId.uuidString.lowercased(), $0.position, $0.status,
                                    $0.receivedAt.formatted(.iso8601), String($0.unreadInThread),
                                ]
                            }))
            case .table:
                guard !entries.isEmpty else {
                    Terminal.standardOutput.writeLine(page == 1 ? "No unread replies." : "No unread replies on this page.")
                    return
                }
                var table = TextTable("RECEIVED", "WAITING", "APPLICATION", "POSITION", "STATUS", "UNREAD")
                for entry in entries {
                    table.append(
                        entry.receivedAt.formatted(.iso8601), Age.short(now.timeIntervalSince(entry.receivedAt)), entry.shortId,
                        entry.position, entry.status, String(entry.unreadInThread))
                }
                Terminal.standardOutput.writeLine(table.render())
                if entries.count == limit { Terminal.standardError.writeLine(Style.dim("More may follow: --page \(page + 1)")) }
            }
        }
    }
}
