import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// `vtrack messages …`, `applications move --notify` and `applications
/// contact` through the real binary; the applicant's side through the
/// server's login with their status token.
@Suite struct MessagesCommandTests {
    typealias Pipeline = ApplicationsCommandTests.Pipeline

    static func short(_ id: UUID) -> String { ShortID.display(id) }

    /// Status tokens for the pipeline's applications, with their inbox keys
    /// stored as intake stores them (written as the superuser: intake's
    /// own statement is not at hand here).
    static func tokens(_ pipeline: Pipeline, for ids: [UUID]) async throws -> [UUID: String] {
        var tokens: [UUID: String] = [:]
        for id in ids {
            let token = (0..<43).map { _ in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".randomElement()! }
            let text = String(token)
            let hash = StatusTokenHash.of(text).map { String(format: "%02x", $0) }.joined()
            let inbox = InboxPrivateKey(statusToken: text).publicKey.rawRepresentation.map { String(format: "%02x", $0) }.joined()
            try await pipeline.test.superuser(
                "INSERT INTO application_tokens (token_hash, application_id, inbox_key) VALUES ('\\x\(hash)', '\(id)', '\\x\(inbox)')")
            tokens[id] = text
        }
        return tokens
    }

    /// The applicant's side, as the server does it.
    static func asApplicant<Result: Sendable>(
        _ pipeline: Pipeline, _ body: @Sendable (SelfServiceRepository) async throws -> Result
    ) async throws -> Result {
        try await pipeline.test.withRole(in: "vtrack_api") { api in
            try await Database.withDatabase(api, logger: TestEnvironment.logger) { try await body(SelfServiceRepository(database: $0)) }
        }
    }

    static func read(_ pipeline: Pipeline, token: String) async throws -> [ApplicantMessage] {
        try await asApplicant(pipeline) { selfService in
            try #require(
                try await selfService.messages(tokenHash: StatusTokenHash.of(token), inbox: InboxPrivateKey(statusToken: token)))
        }
    }

    /// A file holding `contents`, removed after `body`.
    static func withFile<Result>(_ contents: String, _ body: (URL) async throws -> Result) async throws -> Result {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-template-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try contents.write(to: file, atomically: true, encoding: .utf8)
        return try await body(file)
    }

    static func count(_ pipeline: Pipeline, _ sql: String) async throws -> Int {
        Int(try await pipeline.test.values("SELECT (\(sql))::text").first.flatMap { $0 } ?? "") ?? -1
    }

    @Test func sendReadReplyAndTheInbox() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let tokens = try await Self.tokens(pipeline, for: Array(pipeline.ids.prefix(2)))
            let (first, second) = (pipeline.ids[0], pipeline.ids[1])
            let sent = try await pipeline.vtrack(
                "messages", "send", Self.short(first), "-", "Could we talk on Tuesday?", input: "\(second)\n")
            #expect(sent.status == 0, "\(sent.standardError)")
            #expect(sent.standardOutput.split(separator: "\n").count == 2 && sent.standardError.contains("2 messages sent"))
            for id in [first, second] {
                #expect(try await Self.read(pipeline, token: tokens[id]!).map(\.text) == ["Could we talk on Tuesday?"])
            }

            let empty = try await pipeline.vtrack("messages", "inbox")
            #expect(empty.status == 0 && empty.standardOutput.contains("No unread replies."))
            let organisation = try #require(
                try await pipeline.test.withDatabase { try await OrganisationKeyRepository(database: $0).current() })
            let replied = try await Self.asApplicant(pipeline) { selfService in
                try await selfService.reply(
                    tokenHash: StatusTokenHash.of(tokens[second]!), inbox: InboxPrivateKey(statusToken: tokens[second]!),
                    text: "Yes, after six.", id: UUID(), organisation: organisation)
            }
            #expect(replied != nil)
            let inbox = try #require(try await pipeline.json("messages", "inbox", "--json") as? [[String: Any]])
            #expect(inbox.count == 1 && (inbox.first?["application_id"] as? String)?.lowercased() == second.uuidString.lowercased())
            #expect(inbox.first?["unread_in_thread"] as? Int == 1 && inbox.first?["position"] as? String == "editor")
            let table = try await pipeline.vtrack("messages", "inbox")
            #expect(table.standardOutput.contains(Self.short(second)) && !table.standardOutput.contains("after six"))
            let csv = try await pipeline.vtrack("messages", "inbox", "--format", "csv")
            #expect(csv.standardOutput.split(whereSeparator: \.isNewline).first?.contains("unread_in_thread") == true)
            #expect(csv.standardOutput.split(whereSeparator: \.isNewline).count == 2)

            let thread = try await pipeline.vtrack("messages", "thread", Self.short(second))
            #expect(thread.status == 0, "\(thread.standardError)")
            #expect(thread.standardOutput.contains("Could we talk on Tuesday?") && thread.standardOutput.contains("Yes, after six."))
            #expect(thread.standardOutput.contains("applicant → coordinators"))
            let json = try #require(try await pipeline.json("messages", "thread", Self.short(second), "--json") as? [[String: Any]])
            #expect(json.map { $0["direction"] as? String } == ["to_applicant", "from_applicant"])
            #expect(json.last?["read_by"] as? String == pipeline.settings.username)
            #expect(try await pipeline.vtrack("messages", "inbox").standardOutput.contains("No unread replies."))
            let reveals = try #require(try await pipeline.json("audit", "reveals", "--json") as? [[String: Any]])
            #expect(reveals.first?["messages_reveals"] as? Int == 2 && reveals.first?["reveals"] as? Int == 0)
            #expect(
                try await Self.count(
                    pipeline,
                    "SELECT count(*) FROM events WHERE event_type = 'messages.revealed' AND actor = '\(pipeline.settings.username)'") == 2)
        }
    }

    @Test func theApplicantsCopyHoldsTheirMessages() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let tokens = try await Self.tokens(pipeline, for: [pipeline.ids[0]])
            #expect(try await pipeline.vtrack("messages", "send", Self.short(pipeline.ids[0]), "Welcome aboard.").status == 0)
            _ = try await Self.read(pipeline, token: tokens[pipeline.ids[0]]!)
            let copy = try #require(try await pipeline.json("applicants", "export", Self.short(pipeline.ids[0])) as? [String: Any])
            let messages = try #require(copy["messages"] as? [[String: Any]])
            #expect(messages.map { $0["text"] as? String } == ["Welcome aboard."])
            #expect(messages.first?["direction"] as? String == "to_applicant" && messages.first?["read_at"] is String)
            let events = try #require(copy["events"] as? [[String: Any]]).compactMap { $0["event_type"] as? String }
            #expect(events.contains("messages.revealed") && events.contains("message.sent") && events.contains("message.read"))
        }
    }

    @Test func templatesAreFilledInPerLanguageOrRefusedWhole() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let tokens = try await Self.tokens(pipeline, for: pipeline.ids)
            let user = pipeline.settings.username
            try await pipeline.test.superuser(
                "INSERT INTO coordinators (name) VALUES ('\(user)')",
                "UPDATE applications SET language = 'en-GB' WHERE id = '\(pipeline.ids[2])'")
            try await Self.withFile("Hello from {{ coordinator }} about {{position}}.") { english in
                try await Self.withFile("Вітаємо від {{coordinator}}: {{position}}.") { ukrainian in
                    try await Self.withFile("Hello {{name}}") { unknown in
                        let typo = try await pipeline.vtrack("messages", "template", "set", "hello", "--lang", "en", "--file", unknown.path)
                        #expect(typo.status == 65 && typo.standardError.contains("unknown placeholder {{name}}"), "\(typo.standardError)")
                        #expect(
                            try await pipeline.vtrack("messages", "template", "set", "hello", "--lang", "en", "--file", english.path).status
                                == 0)
                    }
                    let onlyEnglish = try await pipeline.vtrack(
                        "messages", "send", Self.short(pipeline.ids[0]), Self.short(pipeline.ids[2]), "--template", "hello")
                    #expect(
                        onlyEnglish.status == 65 && onlyEnglish.standardError.contains("no version in uk"), "\(onlyEnglish.standardError)")
                    #expect(onlyEnglish.standardError.contains(Self.short(pipeline.ids[0])))
                    #expect(try await Self.count(pipeline, "SELECT count(*) FROM messages") == 0, "nothing is sent when one cannot be")
                    #expect(
                        try await pipeline.vtrack("messages", "template", "set", "hello", "--lang", "uk", "--file", ukrainian.path).status
                            == 0)
                }
            }
            let unsigned = try await pipeline.vtrack("messages", "send", Self.short(pipeline.ids[0]), "--template", "hello")
            #expect(unsigned.status == 65 && unsigned.standardError.contains("display-name"), "\(unsigned.standardError)")
            #expect(try await pipeline.vtrack("coordinators", "display-name", "Maria").status == 0)
            #expect(try await pipeline.vtrack("positions", "translate", "editor", "--lang", "uk", "--title", "Редактор").status == 0)

            let sent = try await pipeline.vtrack(
                "messages", "send", "-", "--template", "hello", input: pipeline.ids.map(\.uuidString).joined(separator: "\n"))
            #expect(sent.status == 0, "\(sent.standardError)")
            #expect(try await Self.read(pipeline, token: tokens[pipeline.ids[0]]!).map(\.text) == ["Вітаємо від Maria: Редактор."])
            #expect(try await Self.read(pipeline, token: tokens[pipeline.ids[2]]!).map(\.text) == ["Hello from Maria about Editor."])
            #expect(
                try await pipeline.test.values("SELECT DISTINCT payload->>'template' FROM events WHERE event_type = 'message.sent'") == [
                    "hello"
                ])
            let events = try await pipeline.test.values("SELECT payload::text FROM events").compactMap { $0 }.joined()
            #expect(!events.contains("Maria"), "a display name is not logged")

            let list = try await pipeline.vtrack("messages", "template", "list")
            #expect(list.standardOutput.contains("hello") && list.standardOutput.contains("uk"))
            let shown = try await pipeline.vtrack("messages", "template", "show", "hello", "--lang", "uk")
            #expect(shown.status == 0 && shown.standardOutput.contains("Вітаємо від {{coordinator}}"))
            #expect(try await pipeline.vtrack("messages", "template", "show", "nope").status == 65)
        }
    }

    @Test func movingWithNotifySendsTheStatusNoticeInTheSameTransaction() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            _ = try await Self.tokens(pipeline, for: Array(pipeline.ids.prefix(2)))
            let (first, second, third) = (Self.short(pipeline.ids[0]), Self.short(pipeline.ids[1]), Self.short(pipeline.ids[2]))
            let saved = try await Self.withFile("Your application for {{position}} is being screened.") { file in
                try await pipeline.vtrack("messages", "template", "set", "screening", "--lang", "uk", "--file", file.path)
            }
            #expect(saved.status == 0, "\(saved.standardError)")
            let noNotice = try await pipeline.vtrack("applications", "move", first, "screening", "--notify")
            #expect(noNotice.status == 1 && noNotice.standardError.contains("no status notice screening"), "\(noNotice.standardError)")
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM applications WHERE status = 'screening'") == 0)

            #expect(try await pipeline.vtrack("messages", "notice", "set", "screening", "--template", "screening").status == 0)
            let moved = try await pipeline.vtrack("applications", "move", first, third, "screening", "--notify")
            #expect(moved.status == 1, "the third has no inbox: refused, the first moves")
            #expect(moved.standardError.contains("no inbox") && moved.standardError.contains(third))
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM messages") == 1)
            #expect(
                try await pipeline.test.values("SELECT status::text FROM applications WHERE id = '\(pipeline.ids[2])'") == ["submitted"])

            #expect(try await pipeline.vtrack("applications", "move", second, "screening").status == 0, "not by default")
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM messages") == 1)
            #expect(
                try await pipeline.vtrack("messages", "notice", "set", "interview", "--template", "screening", "--by-default").status == 0)
            #expect(try await pipeline.vtrack("applications", "move", second, "interview").status == 0)
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM messages") == 2, "sent by default")
            #expect(try await pipeline.vtrack("applications", "move", first, "interview", "--no-notify").status == 0)
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM messages") == 2)
            let notices = try #require(try await pipeline.json("messages", "notice", "list", "--json") as? [[String: Any]])
            #expect(notices.compactMap { $0["status"] as? String } == ["screening", "interview"])
        }
    }

    @Test func contactIsARevealAndBadInputIsRefusedClearly() async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            let first = Self.short(pipeline.ids[0])
            let contact = try await pipeline.vtrack("applications", "contact", first)
            #expect(contact.status == 0, "\(contact.standardError)")
            #expect(contact.standardOutput.contains(KeysCommandTests.canary.email!) && contact.standardOutput.contains("telegram"))
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM events WHERE event_type = 'personal_data.revealed'") == 1)

            let noInbox = try await pipeline.vtrack("messages", "send", first, "Hello")
            #expect(noInbox.status == 1 && noInbox.standardError.contains("no inbox"), "\(noInbox.standardError)")
            #expect(try await pipeline.vtrack("messages", "send", first, "   ").status == 65)
            #expect(try await pipeline.vtrack("messages", "send", first, String(repeating: "x", count: 4001)).status == 65)
            #expect(try await pipeline.vtrack("messages", "send", "Hello").status == 64, "an id and a text")
            #expect(try await pipeline.vtrack("messages", "send", first, "Hi", "--lang", "uk").status == 64, "--lang needs --template")
            #expect(try await pipeline.vtrack("messages", "send", "ffffffff", "Hi").status == 65)
            #expect(try await pipeline.vtrack("messages", "send", first, "--template", "Bad Name").status == 64)
            #expect(try await pipeline.vtrack("messages", "inbox", "--limit", "0").status == 64)
            #expect(try await pipeline.vtrack("messages", "notice", "set", "screening", "--template", "missing").status == 65)
            #expect(try await Self.count(pipeline, "SELECT count(*) FROM messages") == 0)
        }
    }
}
