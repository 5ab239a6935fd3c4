import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct ApplicationsMove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move one or many applications to a status, each in its own transaction.",
        discussion: """
            The last argument is the status; the others are ids, or `-` to read ids
            from standard input (one per line; the first column is used, so a CSV
            export or a table can be piped in). Every application moves or is refused
            on its own; a summary says which and why. Exits 1 if any was refused.
            Rejecting needs --reason (\(RejectionReason.allCases.map(\.rawValue).joined(separator: ", "))); `other`
            needs --note. A note is sealed: it needs your key. --notify sends the
            status's notice (`vtrack messages notice`) to each applicant, in their
            language, in the same transaction as the move: a move that cannot notify is
            refused. A notice set --by-default is sent unless --no-notify.
            Examples:
              vtrack applications move 3f2a91c0 screening
              vtrack applications move 3f2a 9bc0 77de rejected --reason position_filled
              vtrack applications move 3f2a91c0 interview --notify
              vtrack applications list --status submitted --waiting-longer-than 30d --format csv \\
                | vtrack applications move - rejected --reason no_response
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var keyFile: KeyFileOptions
    @Option(help: "Why an application is rejected.") var reason: RejectionReason?
    @Option(help: "A note to seal with each move (needs your key).") var note: String?
    @Flag(inversion: .prefixedNo, help: "Send the status's notice to each applicant (default: as the notice says).")
    var notify: Bool?
    @Flag(help: "Print the results as JSON.") var json = false
    @Argument(help: "Application ids (or - for stdin), then the status.") var arguments: [String] = []

    func validate() throws {
        guard arguments.count >= 2 else {
            throw ValidationError("give at least one id and then the status, e.g. `move 3f2a91c0 screening`")
        }
        guard ApplicationStatus(rawValue: arguments.last!) != nil else {
            throw ValidationError(
                "`\(arguments.last!)` is not a status; the last argument is one of: \(ApplicationStatus.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if let note, note.trimmed.isEmpty { throw ValidationError("--note is empty") }
    }

    func run() async throws {
        var outcomes: [BatchOutcome] = []
        try await CLIFailure.run {
            let status = ApplicationStatus(rawValue: arguments.last!)!
            let references = BatchReferences.expand(Array(arguments.dropLast()))
            let note = try self.note.map { CoordinatorNote(text: $0.trimmed, key: try keyFile.load()) }
            let reason = self.reason
            let notify = self.notify
            outcomes = try await database.withDatabase { database in
                let (repository, move) = (ApplicationRepository(database: database), StatusMove(database: database))
                return try await BatchOutcome.each(references) {
                    try await repository.resolve($0)
                } change: { id in
                    try await move.application(id, to: status, reason: reason, note: note, notify: notify).status.rawValue
                }
            }
            BatchOutcome.report(outcomes, verb: "moved to \(status.rawValue)", json: json)
        }
        if outcomes.contains(where: { !$0.succeeded }) { throw ExitStatus.refused.exitCode }
    }
}
