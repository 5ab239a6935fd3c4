import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@testable import VolunteerAPI

/// The server's side of sealing, as the server's own database role.
@Suite struct ApplicationIntakeTests {
    static let canary = PersonalData(name: "Canary Intake Person", email: "intake.canary@example.org", signal: "+380000007731")
    static let blindIndex = try! BlindIndex(encodedKey: Data(repeating: 0x42, count: 32).base64EncodedString())

    static func draft(_ person: PersonalData = canary) -> ApplicationDraft {
        ApplicationDraft(
            positionSlug: "editor", languages: ["uk"], skills: ["editing"], timeZone: "Europe/Kyiv", source: "website", personalData: person
        )
    }

    /// An open position on a migrated database, then `body` with an intake
    /// running as a vtrack_api login.
    static func withIntake(
        _ body: @escaping @Sendable (TestDatabase, Database, ApplicationIntake) async throws -> Void
    ) async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { coordinator in
                try await Database.withDatabase(coordinator, logger: TestEnvironment.logger) { database in
                    _ = try await VocabularyRepository(database: database, vocabulary: .skills).add(slug: "editing", label: "Editing")
                    _ = try await PositionRepository(database: database).create(
                        NewPosition(slug: "editor", title: "Editor", team: "Editorial"))
                    _ = try await PositionRepository(database: database).move(slug: "editor", to: .open)
                }
                try await test.withRole(in: "vtrack_api") { api in
                    try await Database.withDatabase(api, logger: TestEnvironment.logger) { server in
                        try await Database.withDatabase(coordinator, logger: TestEnvironment.logger) { database in
                            let intake = ApplicationIntake(
                                keyring: RecipientKeyring(database: server, logger: TestEnvironment.logger),
                                blindIndex: blindIndex, applications: ApplicationRepository(database: server)
                            )
                            try await body(test, database, intake)
                        }
                    }
                }
            }
        }
    }

    @Test func withoutAnyKeyNothingIsStored() async throws {
        try await Self.withIntake { test, _, intake in
            await #expect(throws: SealingError.noRecipients) { try await intake.submit(Self.draft()) }
            let applicants = try await test.values("SELECT count(*)::text FROM applicants")
            #expect(applicants == ["0"])
        }
    }

    @Test func aKeyRegisteredAfterTheKeyringLoadedIsSealedForAtOnce() async throws {
        let alice = CoordinatorPrivateKey.generate()
        let bob = CoordinatorPrivateKey.generate()
        try await Self.withIntake { test, database, intake in
            _ = try await KeyRepository(database: database).register(name: "alice", publicKey: alice.publicKey)
            let first = try await intake.submit(Self.draft())
            _ = try await KeyRepository(database: database).register(name: "bob", publicKey: bob.publicKey)
            var again = Self.canary
            again.email = " INTAKE.canary@example.org"
            let second = try await intake.submit(Self.draft(again))

            let opened = try await PersonalDataRepository(database: database, key: bob).reveal([first.applicantID, second.applicantID])
            #expect(opened[first.applicantID] == .notGrantedToThisKey)
            #expect(opened[second.applicantID] == .opened(again), "the stale keyring was reloaded and bob included")
            let duplicates = try await ApplicationRepository(database: database).list(.init())
            #expect(duplicates.count == 2 && duplicates.allSatisfy(\.possibleDuplicate))
            let events = try await EventLog(database: database).list(.init(entityType: "application", entityID: second.id))
            #expect(
                events.first?.actor == "applicant:\(second.applicantID.uuidString.lowercased())", "the applicant acted, through the server")
        }
    }

    @Test func refusalsToSealAre503Problems() async throws {
        let router = Router()
        router.add(middleware: ProblemMiddleware())
        router.post("/seal") { _, _ -> HTTPResponse.Status in throw SealingError.noRecipients }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/seal", method: .post) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.headers[.cacheControl] == "no-store")
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["type"] as? String == "https://vtrack.dev/problems/sealing-unavailable")
                #expect(body?["status"] as? Int == 503)
            }
        }
    }
}
