import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// One organisation key: the server wraps each data key once, for it; each
/// coordinator key opens it; revoking rotates it and `KeyRewrap` moves the
/// older data keys, with every applicant openable at every step.
@Suite struct OrganisationKeyTests {
    let alice = CoordinatorPrivateKey.generate()
    let bob = CoordinatorPrivateKey.generate()
    let carol = CoordinatorPrivateKey.generate()
    static let canary = SealedDataTests.canary

    /// A migrated database with an open position and `keys` registered, all
    /// holding the organisation key.
    static func withOrganisation(
        _ keys: [(String, CoordinatorPrivateKey)], _ body: @escaping @Sendable (TestDatabase, Database) async throws -> Void
    ) async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                for (name, key) in keys {
                    _ = try await KeyRepository(database: database).register(name: name, publicKey: key.publicKey)
                }
                try await OrganisationKeyRepository(database: database).createFirst()
                try await body(test, database)
            }
        }
    }

    /// An application sent through the server's own role.
    static func submitAsServer(_ test: TestDatabase, _ person: PersonalData = canary) async throws -> Application {
        try await test.withRole(in: "vtrack_api") { api in
            try await Database.withDatabase(api, logger: TestEnvironment.logger) { try await SealedDataTests.submitAsServer($0, person) }
        }
    }

    /// An application sealed with `sealer` (one a server read earlier), sent
    /// through the server's role: `SealingError.staleRecipients` when the
    /// database no longer takes what it seals for.
    static func submitAsServer(_ test: TestDatabase, sealedWith sealer: PersonalDataSealer) async throws {
        try await test.withRole(in: "vtrack_api") { api in
            try await Database.withDatabase(api, logger: TestEnvironment.logger) { server in
                let applicantID = UUID()
                _ = try await ApplicationRepository(database: server).submit(
                    NewApplication(
                        applicantID: applicantID, positionSlug: "editor", languages: [], skills: [], timeZone: "UTC", source: nil,
                        personalData: try sealer.seal(canary, applicantID: applicantID)
                    ))
            }
        }
    }

    static func count(_ test: TestDatabase, _ sql: String) async throws -> Int {
        Int(try await test.values(sql).first!!)!
    }

    @Test func theServerWrapsEachDataKeyOnceWhateverTheNumberOfKeys() async throws {
        let (alice, bob, carol) = (self.alice, self.bob, self.carol)
        try await Self.withOrganisation([("alice", alice), ("bob", bob), ("carol", carol)]) { test, database in
            let application = try await Self.submitAsServer(test)
            #expect(try await Self.count(test, "SELECT count(*)::text FROM applicant_data_keys") == 1)
            #expect(try await Self.count(test, "SELECT count(*)::text FROM applicant_keys") == 0)
            for key in [alice, bob, carol] {
                let revealed = try await PersonalDataRepository(database: database, key: key).reveal([application.applicantID])
                #expect(revealed == [application.applicantID: .opened(Self.canary)])
            }
            let status = try #require(try await OrganisationKeyRepository(database: database).status())
            #expect(status.applicants == 1 && status.applicantsOnRetiredKeys == 0 && status.applicantsOnCoordinatorKeys == 0)
            #expect(try await KeyRepository(database: database).list().map(\.applicantsItCanOpen) == [1, 1, 1])
            let created = try await EventLog(database: database).list(.init(entityType: "organisation_key"))
            #expect(created.map(\.eventType).filter { $0 == "organisation_key.created" }.count == 1)
            #expect(created.map(\.eventType).filter { $0 == "organisation_key.granted" }.count == 3)
        }
    }

    @Test func aNewKeyOpensNothingUntilGrantedAndAGrantIsOneRow() async throws {
        let (alice, bob) = (self.alice, self.bob)
        try await Self.withOrganisation([("alice", alice)]) { test, database in
            var applicants: [UUID] = []
            var applications: [UUID] = []
            for _ in 0..<4 {
                let application = try await Self.submitAsServer(test)
                applicants.append(application.applicantID)
                applications.append(application.id)
            }
            _ = try await KeyRepository(database: database).register(name: "bob", publicKey: bob.publicKey)
            let bobs = PersonalDataRepository(database: database, key: bob)
            #expect(try await bobs.reveal(applicants).values.allSatisfy { $0 == .notGrantedToThisKey })

            let grants = try await Self.count(test, "SELECT count(*)::text FROM organisation_key_grants")
            let summary = try await KeyGrant(database: database, granter: alice).grant(to: "bob")
            #expect(summary == KeyGrantSummary(granted: 4, notOpenableByGranter: 0))
            #expect(try await Self.count(test, "SELECT count(*)::text FROM organisation_key_grants") == grants + 1)
            #expect(try await bobs.reveal(applicants).values.allSatisfy { $0 == .opened(Self.canary) })
            #expect(
                try await KeyGrant(database: database, granter: alice).grant(to: "bob")
                    == KeyGrantSummary(granted: 0, notOpenableByGranter: 0))

            // Notes are sealed with the data key, which bob now reaches through the organisation key.
            try await bobs.addNote("a note from bob", aboutApplication: applications[0])
            #expect(
                try await PersonalDataRepository(database: database, key: alice).notes(of: applicants[0]).map { try $0.text.get() } == [
                    "a note from bob"
                ])
            let events = try await EventLog(database: database).list(.init(entityType: "organisation_key"))
            #expect(events.filter { $0.eventType == "organisation_key.granted" }.count == 2)
        }
    }

    @Test func revokingRotatesAndRewrapLeavesNothingTheOldKeyOpens() async throws {
        let (alice, bob, carol) = (self.alice, self.bob, self.carol)
        try await Self.withOrganisation([("alice", alice), ("bob", bob), ("carol", carol)]) { test, database in
            var applicants: [UUID] = []
            for _ in 0..<5 { applicants.append(try await Self.submitAsServer(test).applicantID) }
            // What carol could keep from her time as a coordinator: the organisation key itself.
            let carolsCopy = try await PersonalDataRepository(database: database, key: carol).keyring()
            let old = try #require(try await OrganisationKeyRepository(database: database).current())

            let revocation = try await KeyRepository(database: database).revoke(name: "carol", force: false)
            #expect(revocation == KeyRevocation(destroyed: 0, rotated: true))
            let new = try #require(try await OrganisationKeyRepository(database: database).current())
            #expect(new.id != old.id)
            // A server still sealing for the old key is refused, and nothing is written.
            await #expect(throws: SealingError.staleRecipients) {
                try await Self.submitAsServer(test, sealedWith: PersonalDataSealer(organisationKey: old))
            }
            #expect(try await Self.count(test, "SELECT count(*)::text FROM applicants") == 5, "nothing written")
            let later = try await Self.submitAsServer(test).applicantID
            #expect(
                try await Self.count(test, "SELECT count(*)::text FROM applicant_data_keys WHERE organisation_key_id = '\(new.id)'") == 1)

            // Before the rewrap, everyone current still opens everyone.
            for key in [alice, bob] {
                let revealed = try await PersonalDataRepository(database: database, key: key).reveal(applicants + [later])
                #expect(revealed.count == 6 && revealed.values.allSatisfy { $0 == .opened(Self.canary) })
            }
            let summary = try await KeyRewrap(database: database, key: bob).run(batchSize: 2)
            #expect(summary == KeyRewrapSummary(moved: 5, notOpenableByRewrapper: 0))
            #expect(try await KeyRewrap(database: database, key: bob).run() == KeyRewrapSummary(moved: 0, notOpenableByRewrapper: 0))
            // The old key is gone with its grants, and carol's copy of it opens no data key left.
            #expect(try await Self.count(test, "SELECT count(*)::text FROM organisation_keys") == 1)
            let wraps = try await test.values(
                "SELECT applicant_id::text || ' ' || encode(encapsulated_key, 'hex') || ' ' || encode(wrapped_key, 'hex') FROM applicant_data_keys"
            )
            #expect(wraps.count == 6)
            for line in wraps {
                let parts = line!.split(separator: " ").map(String.init)
                let wrapped = WrappedDataKey(keyID: old.id, encapsulatedKey: [UInt8](hex: parts[1])!, ciphertext: [UInt8](hex: parts[2])!)
                #expect(throws: SealingError.wrongKey) {
                    try carolsCopy.organisationKey(old.id)!.unwrap(wrapped, applicantID: UUID(uuidString: parts[0])!)
                }
            }
            let revealed = try await PersonalDataRepository(database: database, key: alice).reveal(applicants + [later])
            #expect(revealed.values.allSatisfy { $0 == .opened(Self.canary) } && revealed.count == 6)
            let events = try await EventLog(database: database).list(.init(entityType: "organisation_key")).map(\.eventType)
            #expect(events.contains("organisation_key.rotated"))
            #expect(events.filter { $0 == "organisation_key.rewrapped" }.count == 3, "one per batch of 2")
            #expect(events.contains("organisation_key.dropped"))
        }
    }

    @Test func revokingTheOnlyHolderNeedsForceAndThenLeavesNoOrganisationKey() async throws {
        let alice = self.alice
        try await Self.withOrganisation([("alice", alice)]) { test, database in
            _ = try await Self.submitAsServer(test)
            await #expect(throws: KeyAccessError.onlyKeyFor(name: "alice", applicants: 1)) {
                try await KeyRepository(database: database).revoke(name: "alice", force: false)
            }
            #expect(
                try await KeyRepository(database: database).revoke(name: "alice", force: true)
                    == KeyRevocation(destroyed: 1, rotated: false))
            #expect(try await Self.count(test, "SELECT count(*)::text FROM organisation_keys") == 0)
            #expect(try await Self.count(test, "SELECT count(*)::text FROM applicant_personal_data") == 0)
            #expect(try await Self.count(test, "SELECT count(*)::text FROM applicant_data_keys") == 0)
        }
    }

    @Test func erasureTakesTheDataKeyAlong() async throws {
        let alice = self.alice
        try await Self.withOrganisation([("alice", alice)]) { test, database in
            let application = try await Self.submitAsServer(test)
            let applicant = application.applicantID
            try await PersonalDataRepository(database: database, key: alice).addNote("kept until erasure", aboutApplication: application.id)
            try await test.superuser(
                "DELETE FROM applicant_notes WHERE applicant_id = '\(applicant)'",
                "DELETE FROM applicant_personal_data WHERE applicant_id = '\(applicant)'"
            )
            #expect(try await Self.count(test, "SELECT count(*)::text FROM applicant_data_keys") == 0)
        }
    }
}
