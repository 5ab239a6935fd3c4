import Foundation
import VolunteerCore
import VolunteerStore

/// Sealing for tests: a coordinator key registered on demand, and new
/// applications sealed for whatever keys the database has.
public enum TestSealing {
    /// The key that `application(…)` registers when a database has none.
    public static let fixtureKey = CoordinatorPrivateKey.generate()

    /// Registers `fixtureKey` as "fixture" unless a key is already registered.
    public static func ensureKey(in database: Database) async throws {
        let keys = KeyRepository(database: database)
        if try await keys.recipients().isEmpty {
            _ = try await keys.register(name: "fixture", publicKey: fixtureKey.publicKey)
        }
    }

    /// A new application with `person` sealed as the server would: for the
    /// organisation key, or for every registered key before there is one.
    public static func newApplication(
        _ database: Database, position: String = "editor", person: PersonalData = PersonalData(name: "Test Person"),
        blindIndex: BlindIndex? = nil, skills: [String] = ["editing"]
    ) async throws -> NewApplication {
        try await ensureKey(in: database)
        let applicantID = UUID()
        let sealer = try await OrganisationKeyRepository(database: database).sealer()
        return NewApplication(
            applicantID: applicantID, positionSlug: position, languages: ["uk"], skills: skills, timeZone: "Europe/Kyiv",
            source: "website", personalData: try sealer.seal(person, applicantID: applicantID),
            emailIndex: person.email.flatMap { email in blindIndex.map { $0.email(email) } }
        )
    }
}
