import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct ApplicantsExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write everything held about an applicant, opened, as one JSON document (logged).",
        discussion: """
            For a person who asks for their data (GDPR Art. 15 and 20): personal
            data, applications and their timelines, notes, availability,
            onboarding tasks and every event about them, opened with your key.
            The opening is logged as reveals (personal_data.revealed,
            notes.revealed), as any other. docs/privacy.md describes every field.

            Without --out the document goes to stdout. With --out the file is
            created with mode 0600 and an existing file is never overwritten.
            Nothing about the person is written to stderr.
            Examples:
              vtrack applicants export 3f2a91c0 --out copy-3f2a91c0.json
              vtrack applicants export 3f2a91c0 | less
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var keyFile: KeyFileOptions
    @Option(help: "Write to this new file (mode 0600) instead of stdout.") var out: String?
    @Argument(help: "An application's id or unique start, or the applicant's whole id.") var id: String

    func run() async throws {
        try await CLIFailure.run {
            let reference = try ShortID(id)
            // Before anything is opened: a refused file should not cost a reveal.
            if let out, FileManager.default.fileExists(atPath: out) { throw PrivateFileError.exists(path: out) }
            let key = try keyFile.load()
            let copy = try await database.withDatabase { database in
                try await ApplicantCopyReading(database: database, key: key).copy(
                    of: try await database.applicant(named: reference), at: Date())
            }
            let document = try JSONOutput.render(copy)
            guard let out else {
                Terminal.standardOutput.writeLine(document)
                return
            }
            let file = try PrivateFileCreation(path: out, contents: document + "\n")
            try file.commit()
            Terminal.standardError.writeLine(
                TerminalText.escape("wrote applicant \(copy.applicant.id.uuidString.lowercased())'s data to \(out) (mode 0600)"))
        }
    }
}
