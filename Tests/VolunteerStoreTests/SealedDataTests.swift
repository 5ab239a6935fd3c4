import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct SealedDataTests {
    static let canary = PersonalData(
        name: "Canary Zoryana Vtrackova", email: "zoryana.canary@example.org", telegram: "@zoryana_canary_7731",
        motivation: "canary motivation 7731"
    )
    let alice = CoordinatorPrivateKey.generate()
    let bob = CoordinatorPrivateKey.generate()
    let carol = CoordinatorPrivateKey.generate()

    /// What the server does: read the public keys, seal, submit.
    static func submitAsServer(_ database: Database, _ person: PersonalData, index: BlindIndex? = nil) async throws -> Application {
        let sealer = try await OrganisationKeyRepository(database: database).sealer()
        let applicantID = UUID()
        return try await ApplicationRepository(database: database).submit(
            NewApplication(
                applicantID: applicantID, positionSlug: "editor", languages: ["uk"], skills: ["editing"], timeZone: "Europe/Kyiv",
                source: "website", personalData: try sealer.seal(person, applicantID: applicantID),
                emailIndex: person.email.flatMap { email in index.map { $0.email(email) } }
            ))
    }

    @Test func theServersRoleSealsAndEveryKeyOpens() async throws {
        try await TestDatabase.withMigrated { test in
            let application = try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let keys = KeyRepository(database: database)
                for (name, key) in [("alice", alice), ("bob", bob), ("carol", carol)] {
                    _ = try await keys.register(name: name, publicKey: key.publicKey)
                }
                return try await test.withRole(in: "vtrack_api") { api in
                    try await Database.withDatabase(api, logger: TestEnvironment.logger) { database in
                        try await Self.submitAsServer(database, Self.canary)
                    }
                }
            }
            try await Fixtures.asCoordinator(test) { database, role in
                for key in [alice, bob, carol] {
                    let revealed = try await PersonalDataRepository(database: database, key: key).reveal([application.applicantID])
                    #expect(revealed == [application.applicantID: .opened(Self.canary)])
                }
                let listed = try await KeyRepository(database: database).list()
                #expect(listed.map(\.applicantsItCanOpen) == [1, 1, 1])
                let reveals = try await EventLog(database: database).list(.init(entityType: "applicant", entityID: application.applicantID))
                #expect(reveals.map(\.eventType) == Array(repeating: "personal_data.revealed", count: 3))
                #expect(reveals.allSatisfy { $0.actor == role })
            }
            let stored = try await test.values("SELECT encode(sealed, 'escape') FROM applicant_personal_data")
            #expect(stored.count == 1)
            #expect(!(stored[0] ?? "").contains("anary"))
        }
    }

    @Test func sealingForAStaleListOfKeysIsRefusedAndLeavesNothing() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let keys = KeyRepository(database: database)
                _ = try await keys.register(name: "alice", publicKey: alice.publicKey)
                let stale = try await keys.recipients()
                _ = try await keys.register(name: "bob", publicKey: bob.publicKey)
                let applicantID = UUID()
                await #expect(throws: SealingError.staleRecipients) {
                    try await ApplicationRepository(database: database).submit(
                        NewApplication(
                            applicantID: applicantID, positionSlug: "editor", languages: [], skills: [], timeZone: "UTC", source: nil,
                            personalData: try PersonalDataSealer(recipients: stale).seal(Self.canary, applicantID: applicantID)
                        ))
                }
                await #expect(throws: SealingError.staleRecipients) {
                    try await ApplicationRepository(database: database).submit(
                        NewApplication(
                            applicantID: applicantID, positionSlug: "editor", languages: [], skills: [], timeZone: "UTC", source: nil,
                            personalData: SealedPersonalData(sealed: Array(repeating: 1, count: 64), wrappedKeys: [])
                        ))
                }
            }
            #expect(try await test.values("SELECT count(*)::text FROM applicants") == ["0"])
            #expect(try await test.values("SELECT count(*)::text FROM applications") == ["0"])
        }
    }

    @Test func grantingWrapsEveryDataKeyInResumableBatches() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let keys = KeyRepository(database: database)
                _ = try await keys.register(name: "alice", publicKey: alice.publicKey)
                var applicants: [UUID] = []
                for _ in 0..<5 { applicants.append(try await Self.submitAsServer(database, Self.canary).applicantID) }
                _ = try await keys.register(name: "bob", publicKey: bob.publicKey)
                let newcomer = try await Self.submitAsServer(database, Self.canary).applicantID

                let bobs = PersonalDataRepository(database: database, key: bob)
                let before = try await bobs.reveal(applicants + [newcomer])
                #expect(before.filter { $0.value == .notGrantedToThisKey }.count == 5)
                #expect(before[newcomer] == .opened(Self.canary), "new data is sealed for a key as soon as it is registered")

                let first = try await KeyGrant(database: database, granter: alice).grant(to: "bob", batchSize: 2)
                #expect(first == KeyGrantSummary(granted: 5, notOpenableByGranter: 0))
                #expect(
                    try await KeyGrant(database: database, granter: alice).grant(to: "bob")
                        == KeyGrantSummary(granted: 0, notOpenableByGranter: 0))
                let after = try await bobs.reveal(applicants)
                #expect(after.values.allSatisfy { $0 == .opened(Self.canary) } && after.count == 5)

                await #expect(throws: KeyAccessError.notRegistered(fingerprint: carol.fingerprint)) {
                    try await KeyGrant(database: database, granter: carol).grant(to: "bob")
                }
                await #expect(throws: DomainError.notFound(entity: "key", id: "nobody")) {
                    try await KeyGrant(database: database, granter: alice).grant(to: "nobody")
                }
                let grants = try await EventLog(database: database).list(.init(entityType: "coordinator_key"))
                #expect(grants.filter { $0.eventType == "key.granted" }.count == 3, "one event per batch of 2")
            }
        }
    }

    @Test func revokingDeletesTheWrapsAndProtectsTheLastKey() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                let keys = KeyRepository(database: database)
                _ = try await keys.register(name: "alice", publicKey: alice.publicKey)
                _ = try await keys.register(name: "bob", publicKey: bob.publicKey)
                let applicant = try await Self.submitAsServer(database, Self.canary).applicantID

                try await keys.revoke(name: "bob", force: false)
                await #expect(throws: KeyAccessError.notRegistered(fingerprint: bob.fingerprint)) {
                    try await PersonalDataRepository(database: database, key: bob).reveal([applicant])
                }
                let later = try await Self.submitAsServer(database, Self.canary)
                let wrapped = try await database.client.query(
                    "SELECT count(*)::bigint FROM applicant_keys WHERE applicant_id = \(later.applicantID)", logger: database.logger
                ).collect().first!.decode(Int.self)
                #expect(wrapped == 1, "new data is sealed for the remaining key only")

                await #expect(throws: KeyAccessError.onlyKeyFor(name: "alice", applicants: 2)) {
                    try await keys.revoke(name: "alice", force: false)
                }
                await #expect(throws: DomainError.notFound(entity: "key", id: "bob")) {
                    try await keys.revoke(name: "bob", force: false)
                }
                try await keys.revoke(name: "alice", force: true)
                #expect(try await keys.list().isEmpty)
                let events = try await EventLog(database: database).list(.init(entityType: "coordinator_key"))
                #expect(events.filter { $0.eventType == "key.revoked" }.count == 2)
            }
        }
    }

    @Test func aTamperedCiphertextIsDetected() async throws {
        try await TestDatabase.withMigrated { test in
            let applicant = try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                _ = try await KeyRepository(database: database).register(name: "alice", publicKey: alice.publicKey)
                return try await Self.submitAsServer(database, Self.canary).applicantID
            }
            try await test.superuser(
                "ALTER TABLE applicant_personal_data DISABLE TRIGGER applicant_personal_data_check_keys",
                // Every bit of one byte flipped: overwriting it could write the byte it held.
                "UPDATE applicant_personal_data SET sealed = set_byte(sealed, 39, get_byte(sealed, 39) # 255)"
            )
            try await Fixtures.asCoordinator(test) { database, _ in
                let revealed = try await PersonalDataRepository(database: database, key: alice).reveal([applicant])
                #expect(revealed == [applicant: .unreadable(.tampered)])
            }
        }
    }

    @Test func notesAreSealedAndTheirEventsCarryNoText() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, role in
                _ = try await Fixtures.openPosition(database)
                _ = try await KeyRepository(database: database).register(name: "alice", publicKey: alice.publicKey)
                _ = try await KeyRepository(database: database).register(name: "bob", publicKey: bob.publicKey)
                let application = try await Self.submitAsServer(database, Self.canary)
                let notes = PersonalDataRepository(database: database, key: alice)
                try await notes.addNote("canary note: prefers Signal", aboutApplication: application.id)
                let read = try await PersonalDataRepository(database: database, key: bob).notes(of: application.applicantID)
                #expect(read.map { try? $0.text.get() } == ["canary note: prefers Signal"])
                #expect(read.first?.author == role)
                await #expect(throws: KeyAccessError.notRegistered(fingerprint: carol.fingerprint)) {
                    try await PersonalDataRepository(database: database, key: carol).addNote("x", aboutApplication: application.id)
                }
            }
            let everything = try await test.values(
                "SELECT string_agg(payload::text || coalesce(to_state, ''), ' ') FROM events"
            )
            #expect(everything.first??.contains("note.added") == false)
            #expect(everything.first??.lowercased().contains("canary") == false)
            #expect(
                try await test.values(
                    "SELECT string_agg(event_type, ',' ORDER BY seq) FROM events WHERE event_type LIKE 'note%' OR event_type LIKE 'notes%'")
                    == ["note.added,notes.revealed"])
        }
    }

    @Test func theSameEmailGetsTheSameBlindIndexAndNoEmailIsStored() async throws {
        let index = try BlindIndex(encodedKey: String(repeating: "5a", count: 32))
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database)
                _ = try await KeyRepository(database: database).register(name: "alice", publicKey: alice.publicKey)
                var again = Self.canary
                again.email = "  Zoryana.Canary@Example.ORG "
                _ = try await Self.submitAsServer(database, Self.canary, index: index)
                _ = try await Self.submitAsServer(database, again, index: index)
                _ = try await Self.submitAsServer(database, PersonalData(name: "Other", email: "other@example.org"), index: index)
            }
            #expect(
                try await test.values(
                    "SELECT count(*)::text FROM applicants GROUP BY email_index ORDER BY count(*) DESC"
                ) == ["2", "1"])
            let dump = try await test.values("SELECT string_agg(encode(email_index, 'escape'), '') FROM applicants")
            #expect(!(dump.first ?? "")!.contains("example.org"))
        }
    }
}
