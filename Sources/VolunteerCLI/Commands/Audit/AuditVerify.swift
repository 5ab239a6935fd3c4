import ArgumentParser
import VolunteerCore
import VolunteerStore

extension AuditCommand {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the whole hash chain; exit 65 at the first bad event.",
            discussion: """
                Prints the head hash: keep it outside the database (the weekly report
                publishes it) to detect a rewritten chain later.
                Example:
                  vtrack audit verify --json
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CLIFailure.run {
                let result = try await database.withDatabase { try await EventChainVerifier(database: $0).verify() }
                Terminal.standardOutput.writeLine(try ChainVerificationView.render(result, json: json))
                if let problem = result.problem {
                    Terminal.standardError.writeLine("vtrack: the audit chain is broken at event \(problem.sequence): \(problem.reason)")
                    throw ExitStatus.badInput.exitCode
                }
            }
        }
    }
}
