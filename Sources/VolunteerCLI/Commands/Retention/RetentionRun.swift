import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack retention run`: erase every due applicant now, or count them.
struct RetentionRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Erase every applicant the policy makes due now, batch by batch.",
        discussion: """
            Each batch commits on its own; the count printed after each is erased for good.
            Exits 0 only once every batch has committed. --dry-run counts who would be
            erased, by outcome and by how long ago their clock started, and names nobody.
            Examples:
              vtrack retention run --dry-run
              vtrack retention run --dry-run --json
              vtrack retention run --batch 200
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Count who would be erased; erase nobody.") var dryRun = false
    @Flag(help: "Print JSON (with --dry-run).") var json = false
    @Option(help: "Applicants per transaction (1 to 10000).") var batch = RetentionRepository.defaultBatch

    func validate() throws {
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch must be from 1 to 10000") }
        guard !json || dryRun else { throw ValidationError("--json goes with --dry-run") }
    }

    func run() async throws {
        try await CLIFailure.run {
            try await database.withDatabase { database in
                let retention = RetentionRepository(database: database)
                if dryRun {
                    try render(try await retention.dryRun())
                    return
                }
                let total = try await retention.eraseDue(batchSize: batch) { erased in
                    if erased > 0 { Terminal.standardOutput.writeLine("erased \(erased)") }
                }
                Terminal.standardOutput.writeLine("erased \(total) applicant\(total == 1 ? "" : "s") in all")
            }
        }
    }

    private func render(_ counts: [RetentionCount]) throws {
        if json {
            Terminal.standardOutput.writeLine(try JSONOutput.render(counts))
            return
        }
        var table = TextTable("OUTCOME", "SINCE FINAL MOVE", "APPLICANTS")
        for count in counts { table.append(count.outcome.rawValue, count.age, "\(count.applicants)") }
        let total = counts.reduce(0) { $0 + $1.applicants }
        Terminal.standardOutput.writeLine(table.render())
        Terminal.standardOutput.writeLine("\(total) applicant\(total == 1 ? "" : "s") would be erased now")
    }
}
