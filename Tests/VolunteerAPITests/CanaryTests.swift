import Foundation
import FoundationNetworking
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@testable import VolunteerAPI

/// Puts the canary applicant through everything that touches personal data,
/// in a database that scripts/test dumps afterwards and searches, together
/// with every log of the run (PostgreSQL logs each statement and its bound
/// values there), for the canary's strings.
@Suite struct CanaryTests {
    /// The week the canary applies in, for the weekly report.
    static var thisWeek: String { ISOWeek.containing(LocalDate.of(Date(), in: TimeZone(identifier: "UTC")!)).description }

    static var reportRuns: [[String]] {
        ["markdown", "html", "csv", "json"].map { ["report", "weekly", "--week", thisWeek, "--format", $0, "--no-suppress-small-counts"] }
    }

    @Test func theCanaryGoesEverywherePersonalDataGoes() async throws {
        let test = try await TestDatabase.kept(named: Canary.databaseName)
        let alice = CoordinatorPrivateKey.generate()
        let bob = CoordinatorPrivateKey.generate()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-canary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let aliceFile = home.appendingPathComponent("alice.key")
        try alice.fileContents.write(to: aliceFile, atomically: true, encoding: .utf8)
        // vtrack refuses a key file that others may read.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: aliceFile.path)

        let token = StatusToken.generate()
        try await test.withRole(in: "vtrack_coordinator") { coordinator in
            let application = try await Database.withDatabase(coordinator, logger: TestEnvironment.logger) { database in
                _ = try await VocabularyRepository(database: database, vocabulary: .skills).add(slug: "translation", label: "Translation")
                _ = try await PositionRepository(database: database).create(
                    NewPosition(slug: "translator", title: "Translator", team: "Editorial"))
                _ = try await PositionRepository(database: database).move(slug: "translator", to: .open)
                _ = try await KeyRepository(database: database).register(name: "alice", publicKey: alice.publicKey)
                _ = try await PrivacyNoticeRepository(database: database).add(
                    version: "2026-01", url: "https://example.org/privacy/2026-01")
                return try await test.withRole(in: "vtrack_api") { api in
                    try await Database.withDatabase(api, logger: TestEnvironment.logger) { server in
                        let intake = ApplicationIntake(
                            keyring: RecipientKeyring(database: server, logger: TestEnvironment.logger),
                            blindIndex: try BlindIndex(encodedKey: Data(repeating: 9, count: 32).base64EncodedString()),
                            applications: ApplicationRepository(database: server)
                        )
                        return try await intake.submit(
                            ApplicationDraft(
                                positionSlug: "translator", languages: ["uk", "en"], skills: ["translation"],
                                timeZone: "Europe/Kyiv", source: "friend", personalData: Canary.person
                            ),
                            receipt: IntakeReceipt(statusTokenHash: token.hash, inboxKey: token.inboxKey.publicKey))
                    }
                }
            }
            try await Database.withDatabase(coordinator, logger: TestEnvironment.logger) { database in
                let sealed = PersonalDataRepository(database: database, key: alice)
                #expect(try await sealed.reveal([application.applicantID]) == [application.applicantID: .opened(Canary.person)])
                try await sealed.addNote(Canary.note, aboutApplication: application.id)
                #expect(try await sealed.notes(of: application.applicantID).map { try? $0.text.get() } == [Canary.note])
                _ = try await KeyRepository(database: database).register(name: "bob", publicKey: bob.publicKey)
                _ = try await KeyGrant(database: database, granter: alice).grant(to: "bob")
                // Messages are sealed for the organisation key: made here, as in a database older
                // than it, so the canary's own data stays wrapped for each coordinator key.
                try await OrganisationKeyRepository(database: database).createFirst()
                try await Self.exchangeMessages(test, coordinator: database, alice: alice, application: application.id, token: token)
                let move = StatusMove(database: database)
                _ = try await move.application(application.id, to: .screening)
                _ = try await move.application(
                    application.id, to: .rejected, reason: .other, note: CoordinatorNote(text: Canary.note, key: alice))
                try await KeyRepository(database: database).revoke(name: "bob", force: false)
                _ = try await EventChainSealer(database: database).sealAll()
            }

            let env = ["DATABASE_URL": coordinator.url, "HOME": home.path, "VTRACK_KEY_FILE": aliceFile.path]
            var outputs: [BinaryRun] = []
            for arguments in [
                ["applications", "list"], ["applications", "list", "--json"], ["audit", "log"],
                ["audit", "log", "--json"], ["history", "application:\(application.id)"], ["keys", "list"], ["audit", "verify"],
                ["applications", "list", "--format", "csv"], ["applications", "show", ShortID.display(application.id)],
                ["applications", "show", application.id.uuidString, "--json"], ["positions", "list", "--json"],
            ] + Self.reportRuns {
                let run = try await BinaryRunner.run("vtrack", arguments, environment: env)
                #expect(run.status == 0, "\(arguments): \(run.standardError)")
                outputs.append(run)
            }
            for run in outputs { #expect(!Canary.appears(in: run.standardOutput + run.standardError)) }
            let revealed = try await BinaryRunner.run("vtrack", ["applications", "list", "--reveal"], environment: env)
            #expect(revealed.standardOutput.contains(Canary.person.name), "--reveal opens it, and only --reveal")
            #expect(!Canary.appears(in: revealed.standardError))
            for run in [
                try await BinaryRunner.run("vtrack", ["messages", "inbox"], environment: env),
                try await BinaryRunner.run("vtrack", ["messages", "inbox", "--format", "json"], environment: env),
            ] {
                #expect(run.status == 0, "\(run.standardError)")
                #expect(!Canary.appears(in: run.standardOutput + run.standardError), "the inbox says where replies are, not what")
            }
            for arguments in [
                ["messages", "thread", ShortID.display(application.id)], ["messages", "thread", "--json", application.id.uuidString],
            ] {
                let thread = try await BinaryRunner.run("vtrack", arguments, environment: env)
                #expect(thread.status == 0, "\(arguments): \(thread.standardError)")
                #expect(thread.standardOutput.contains(Canary.message) && thread.standardOutput.contains(Canary.reply))
                #expect(!Canary.appears(in: thread.standardError))
            }
            try await Self.exportTheCanaryAndEraseASparrow(
                test, coordinator: coordinator, alice: alice, canary: application, environment: env)
        }
        try await Self.throughTheRealServer(test)
        let everything = try await test.values(
            "SELECT string_agg(coalesce(payload::text, '') || actor || coalesce(to_state, ''), ' ') FROM events"
        )
        #expect(!Canary.appears(in: everything.first.flatMap { $0 } ?? ""))
    }

    /// A coordinator writes to the canary and the canary answers through
    /// their status token; both sides read the thread back.
    static func exchangeMessages(
        _ test: TestDatabase, coordinator: Database, alice: CoordinatorPrivateKey, application: UUID, token: StatusToken
    ) async throws {
        let messages = MessageRepository(database: coordinator)
        let sent = try await messages.send(.text(Canary.message), to: [application])
        let replyID = UUID()
        let thread = try await test.withRole(in: "vtrack_api") { api in
            try await Database.withDatabase(api, logger: TestEnvironment.logger) { server in
                let selfService = SelfServiceRepository(database: server)
                let organisation = try #require(try await OrganisationKeyRepository(database: server).current())
                let replied = try await selfService.reply(
                    tokenHash: token.hash, inbox: token.inboxKey, text: Canary.reply, id: replyID, organisation: organisation)
                #expect(replied != nil, "the token stored at intake opens the thread")
                return try #require(try await selfService.messages(tokenHash: token.hash, inbox: token.inboxKey))
            }
        }
        #expect(thread.map(\.id) == sent + [replyID])
        #expect(thread.map(\.direction) == [.toApplicant, .fromApplicant])
        #expect(thread.map(\.text) == [Canary.message, Canary.reply])
        #expect(try await messages.inbox(limit: 10).map(\.messageId) == [replyID])
        let revealed = try await messages.threads(of: [application], key: alice)
        #expect(revealed.map(\.id) == sent + [replyID])
        #expect(revealed.map(\.direction) == [.toApplicant, .fromApplicant])
        #expect(revealed.map { try? $0.text.get() } == [Canary.message, Canary.reply])
        #expect(try await messages.inbox(limit: 10).isEmpty, "reading the thread marked the reply read")
    }

    /// The canary applies through vtrack-server and reads its status; the
    /// server's log and a scrape of its metrics meanwhile hold none of it.
    static func throughTheRealServer(_ test: TestDatabase) async throws {
        try await test.withRole(in: "vtrack_api, vtrack_sealer") { login in
            try await MetricsTests.withServer(login) { server, metricsPort in
                let person = Canary.person
                let body = try JSONSerialization.data(
                    withJSONObject: [
                        "position": "translator", "name": person.name, "languages": ["uk"], "skills": ["translation"], "source": "friend",
                        "contact": ["email": person.email ?? "", "telegram": person.telegram ?? "", "signal": person.signal ?? ""],
                        "time_zone": "Europe/Kyiv", "motivation": person.motivation ?? "",
                        "consent": ["privacy_policy_version": "2026-01", "accepted": true],
                    ] as [String: Any])
                let query = (person.email ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let (created, status) = try await ServerLogPrivacyTests.send(
                    "POST", "\(server.base)/v1/applications?email=\(query)", body: String(decoding: body, as: UTF8.self),
                    headers: ["Content-Type": "application/json", "Idempotency-Key": UUID().uuidString, "X-Canary": person.name]
                )
                #expect(status == 201, "\(created)")
                let token = try #require(created["status_token"] as? String)
                let (_, read) = try await ServerLogPrivacyTests.send(
                    "GET", "\(server.base)/v1/applications/me", headers: ["Authorization": "Bearer \(token)"])
                #expect(read == 200)
                let metrics = try await MetricsTests.scrape(metricsPort)
                #expect(MetricsTests.value(metrics, "vtrack_applications_accepted_total") == 1, "the scrape saw the canary's application")
                #expect(!Canary.appears(in: metrics), "a canary string in the metrics")
                #expect(!metrics.contains(token) && !metrics.contains(query))
                // Through the application form too: its answer shows the
                // token and nothing of the person.
                let form = [
                    ("lang", "ru"), ("idempotency_key", UUID().uuidString), ("name", person.name), ("email", person.email ?? ""),
                    ("telegram", person.telegram ?? ""), ("signal", person.signal ?? ""), ("languages", "uk"), ("skills", "translation"),
                    ("time_zone", "Europe/Kyiv"), ("motivation", person.motivation ?? ""), ("source", "friend"),
                    ("privacy_notice", "2026-01"), ("consent", "yes"),
                ]
                var request = URLRequest(url: URL(string: "\(server.base)/positions/translator")!)
                request.httpMethod = "POST"
                request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
                request.httpBody = Data(PagesTests.form(form).utf8)
                let (page, response) = try await URLSession.shared.data(for: request)
                let source = String(decoding: page, as: UTF8.self)
                #expect((response as? HTTPURLResponse)?.statusCode == 201, "\(source)")
                #expect(PagesTests.token(in: source) != nil)
                #expect(!Canary.appears(in: source), "the confirmation page shows the token only")
                let log = try await server.stop()
                #expect(log.contains(#""http.status":"201""#))
                #expect(!Canary.appears(in: log), "a canary string in the server's log")
            }
        }
    }
}
