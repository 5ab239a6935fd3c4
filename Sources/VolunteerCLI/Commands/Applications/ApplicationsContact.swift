import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct ApplicationsContact: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "Open an applicant's name and contacts, for when the thread is not enough (logged as a reveal).",
        discussion: """
            Writing through `vtrack messages send` keeps both sides' identities out of
            mail servers; use this only when an applicant must be reached another way.
            Each use is a `personal_data.revealed` event.
            Examples:
              vtrack applications contact 3f2a91c0
              vtrack applications contact 3f2a91c0 --json
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
            let revealed = try await database.withDatabase { database in
                let applications = ApplicationRepository(database: database)
                let application = try await applications.find(id: try await applications.resolve(shortID))
                return try await PersonalDataRepository(database: database, key: key).reveal([application.applicantID])[
                    application.applicantID]
            }
            switch revealed {
            case .none:
                throw DomainError.notFound(entity: "contact", id: "\(id) (the applicant was erased)")
            case .notGrantedToThisKey?:
                throw KeyAccessError.notGranted(keyName: "yours", applicants: 1)
            case .unreadable(let error)?:
                throw error
            case .opened(let person)?:
                let contact = Contact(name: person.name, contacts: person.contacts.map { Contact.Way(kind: $0.kind, value: $0.value) })
                if json {
                    Terminal.standardOutput.writeLine(try JSONOutput.render(contact))
                } else {
                    var table = TextTable("FIELD", "VALUE")
                    table.append("name", contact.name)
                    for way in contact.contacts { table.append(way.kind, way.value) }
                    Terminal.standardOutput.writeLine(table.render())
                }
            }
        }
    }

    struct Contact: Encodable {
        struct Way: Encodable {
            let kind: String
            let value: String
        }
        let name: String
        let contacts: [Way]
    }
}
