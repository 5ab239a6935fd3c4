import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct ApplicationsNote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a note to an application. Notes are personal data: sealed, readable with a key only.",
        discussion: """
            The event log records that a note was added, never its text.
            Examples:
              vtrack applications note 3f2a91c0 "Strong portfolio; call on Tuesday"
              echo "Asked for a second reference" | vtrack applications note 3f2a91c0 -
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var keyFile: KeyFileOptions
    @Argument(help: "The application's id, or a unique start of it.") var id: String
    @Argument(help: "The note (or - to read it from stdin).") var text: String

    func run() async throws {
        try await CLIFailure.run {
            let shortID = try ShortID(id)
            let body = (text == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : text).trimmed
            guard !body.isEmpty else { throw DomainError.invalid(field: "note", reason: "is empty") }
            guard body.utf8.count <= 16_000 else { throw DomainError.invalid(field: "note", reason: "is longer than 16000 bytes") }
            let key = try keyFile.load()
            let id = try await database.withDatabase { database in
                let id = try await ApplicationRepository(database: database).resolve(shortID)
                try await PersonalDataRepository(database: database, key: key).addNote(body, aboutApplication: id)
                return id
            }
            Terminal.standardOutput.writeLine("note added to \(ShortID.display(id))")
        }
    }
}

struct ApplicationsNotes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes",
        abstract: "Read the notes about an application's applicant, oldest first (logged as a reveal).",
        discussion: """
            Example:
              vtrack applications notes 3f2a91c0 --json
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var keyFile: KeyFileOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The application's id, or a unique start of it.") var id: String

    func run() async throws {
        try await CLIFailure.run {
            let shortID = try ShortID(id)
            let key = try keyFile.load()
            let notes = try await database.withDatabase { database in
                let repository = ApplicationRepository(database: database)
                let application = try await repository.find(id: try await repository.resolve(shortID))
                return try await PersonalDataRepository(database: database, key: key).notes(of: application.applicantID)
            }
            let rows = notes.map(NoteRow.init)
            if json {
                Terminal.standardOutput.writeLine(try JSONOutput.render(rows))
            } else if rows.isEmpty {
                Terminal.standardOutput.writeLine("No notes.")
            } else {
                Terminal.standardOutput.writeLine(
                    rows.map { row in
                        let about = row.applicationId.map { " about \(ShortID.display($0))" } ?? ""
                        let header = Style.dim(TerminalText.escape("\(row.createdAt.formatted(.iso8601))  \(row.author)\(about)"))
                        let body = row.text.map { TerminalText.escape($0, paragraph: true) } ?? "(\(row.problem ?? "unreadable"))"
                        return "\(header)\n\(body)"
                    }.joined(separator: "\n\n"))
            }
        }
    }
}

/// `applications notes --json`.
struct NoteRow: Encodable {
    let id: UUID
    let applicationId: UUID?
    let author: String
    let createdAt: Date
    let text: String?
    let problem: String?

    init(_ note: RevealedNote) {
        id = note.id
        applicationId = note.applicationID
        author = note.author
        createdAt = note.createdAt
        (text, problem) = Self.opened(note.text)
    }

    /// A revealed text, or why it did not open: for notes and messages alike.
    static func opened(_ text: Result<String, SealingError>) -> (text: String?, problem: String?) {
        switch text {
        case .success(let text): (text, nil)
        case .failure(let error): (nil, error == .wrongKey ? "not granted to your key" : error.description)
        }
    }
}
