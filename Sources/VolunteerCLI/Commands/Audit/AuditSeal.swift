import ArgumentParser
import VolunteerStore

extension AuditCommand {
    struct Seal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link every committed event into the hash chain now.",
            discussion: """
                The server seals continuously; this is for maintenance and scripts.
                Example:
                  vtrack audit seal
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Events per transaction.") var batchSize = 10_000

        func validate() throws {
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() async throws {
            try await CLIFailure.run {
                let sealed = try await database.withDatabase { try await EventChainSealer(database: $0).sealAll(batchSize: batchSize) }
                Terminal.standardOutput.writeLine("sealed \(sealed) event\(sealed == 1 ? "" : "s")")
            }
        }
    }
}
