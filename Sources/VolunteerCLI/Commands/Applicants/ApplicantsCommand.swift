import ArgumentParser
import VolunteerCore

extension ErasureReason: ExpressibleByArgument {}

/// `vtrack applicants …`: what the law lets a person ask of the organisation
/// about their data (docs/privacy.md).
struct ApplicantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "applicants",
        abstract: "Answer a person's requests about their data: a copy of it, or its erasure.",
        discussion: """
            An applicant is named by one of their applications' ids (or a unique
            start of it, as `applications list` shows it), or by the applicant's
            whole id. docs/privacy.md says what each command gives and keeps.
            Examples:
              vtrack applicants export 3f2a91c0 --out copy-3f2a91c0.json
              vtrack applicants erase 3f2a91c0 --reason request
            """,
        subcommands: [ApplicantsExport.self, ApplicantsErase.self]
    )
}
