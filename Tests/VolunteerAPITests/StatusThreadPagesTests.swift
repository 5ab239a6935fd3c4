import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VolunteerAPI
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// The thread on the status page over a live server: the organisation's
/// messages and the applicant's replies, the reply form's problems, and a
/// double submit that stays one message.
@Suite struct StatusThreadPagesTests {
    func post(_ server: APITestServer, _ fields: [(String, String)]) async throws -> HTTPExchange {
        try await server.send(
            .post, "/status", raw: ByteBuffer(string: PagesTests.form(fields)),
            headers: [.contentType: "application/x-www-form-urlencoded"], idempotencyKey: nil)
    }

    /// An application through the form, its status opened once: its token and id.
    func apply(_ server: APITestServer) async throws -> (token: String, id: UUID) {
        let created = try await post(server, "/positions/editor", PagesTests.application(key: UUID().uuidString))
        let token = try #require(PagesTests.token(in: created.text))
        let me = try await server.send(.get, "/v1/applications/me", token: token)
        // The thread's inbox key is stored when the applicant first opens their status.
        #expect(try await post(server, [("lang", "en"), ("token", token)]).status == .ok)
        return (token, try #require(UUID(uuidString: me.json?["id"] as? String ?? "")))
    }

    func post(_ server: APITestServer, _ uri: String, _ fields: [(String, String)]) async throws -> HTTPExchange {
        try await server.send(
            .post, uri, raw: ByteBuffer(string: PagesTests.form(fields)),
            headers: [.contentType: "application/x-www-form-urlencoded"], idempotencyKey: nil)
    }

    static func replyID(in page: String) -> String? {
        page.firstMatch(of: /name="reply_id" value="([0-9a-f-]{36})"/).map { String($0.1) }
    }

    func write(_ server: APITestServer, _ text: String, to id: UUID) async throws {
        _ = try await server.asCoordinator { database in try await MessageRepository(database: database).send(.text(text), to: [id]) }
    }

    @Test func anEmptyThreadSaysTheOrganisationWillWriteHere() async throws {
        try await APITestServer.with { server in
            let (token, _) = try await apply(server)
            let page = try await post(server, [("lang", "en"), ("token", token)])
            #expect(page.status == .ok)
            #expect(page.text.contains("No messages yet.") && !page.text.contains(#"<ol class="thread""#))
            #expect(page.text.contains(#"name="action" value="reply""#) && Self.replyID(in: page.text) != nil)
            let czech = try await post(server, [("lang", "cs"), ("token", token)])
            #expect(czech.text.contains("Zatím tu nejsou žádné zprávy."))
        }
    }

    @Test func theThreadIsShownOldestFirstWithWhoWroteAndWhatIsNew() async throws {
        try await APITestServer.with { server in
            let (token, id) = try await apply(server)
            try await write(server, "Hello Olha,\n<b>welcome</b> & thanks.", to: id)
            let page = try await post(server, [("lang", "en"), ("token", token)])
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store" && page.headers[.setCookie] == nil)
            #expect(page.text.contains("Hello Olha,\n&lt;b&gt;welcome&lt;/b&gt; &amp; thanks."), "escaped, line break kept")
            #expect(page.text.contains(#"<span class="author">The organisation</span>"#))
            #expect(page.text.contains(#"<span class="badge">New</span>"#), "unread until now")
            #expect(page.text.contains(" UTC</time>"))
            let again = try await post(server, [("lang", "en"), ("token", token)])
            #expect(again.text.contains("Hello Olha") && !again.text.contains(#"<span class="badge">"#), "read once shown")
            // A message the token's key cannot open is shown as such.
            _ = try await server.test.values("UPDATE messages SET sealed = decode(repeat('00', 40), 'hex') RETURNING id::text")
            let unopened = try await post(server, [("lang", "uk"), ("token", token)])
            #expect(unopened.status == .ok && unopened.text.contains("Це повідомлення не вдається відкрити."))
        }
    }

    @Test func aReplyIsStoredAndShownAndADoubleSubmitIsOneMessage() async throws {
        try await APITestServer.with { server in
            let (token, id) = try await apply(server)
            try await write(server, "Can you start in May?", to: id)
            let view = try await post(server, [("lang", "en"), ("token", token)])
            let replyID = try #require(Self.replyID(in: view.text))
            let reply: [(String, String)] = [
                ("lang", "en"), ("token", token), ("action", "reply"), ("reply_id", replyID), ("text", "Yes,\r\nfrom the 4th."),
            ]
            let sent = try await post(server, reply)
            #expect(sent.status == .ok, "\(sent.text)")
            #expect(sent.text.contains("Your message was sent."))
            #expect(sent.headers[.cacheControl] == "no-store" && sent.headers[.setCookie] == nil)
            let question = try #require(sent.text.range(of: "Can you start in May?"))
            let answer = try #require(sent.text.range(of: "Yes,\nfrom the 4th."))
            #expect(question.upperBound < answer.lowerBound, "oldest first")
            #expect(sent.text.contains(#"<span class="author">You</span>"#))
            #expect(Self.replyID(in: sent.text) != replyID, "a fresh id for the next message")
            let twice = try await post(server, reply)
            #expect(twice.status == .ok)
            #expect(twice.text.components(separatedBy: "from the 4th.").count == 2, "shown once")
            #expect(try await server.test.values("SELECT count(*)::text FROM messages WHERE direction = 'from_applicant'") == ["1"])
            let api = try await server.send(.get, "/v1/applications/me/messages", token: token)
            let messages = try #require(api.json?["messages"] as? [[String: Any]])
            #expect(
                messages.map { $0["text"] as? String } == ["Can you start in May?", "Yes,\nfrom the 4th."], "the API's thread is the page's"
            )
        }
    }

    @Test func anEmptyOrTooLongReplyIsShownBesideTheFieldAndKept() async throws {
        try await APITestServer.with { server in
            let (token, _) = try await apply(server)
            let empty = try await post(
                server, [("lang", "en"), ("token", token), ("action", "reply"), ("reply_id", UUID().uuidString), ("text", "  \r\n ")])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text.contains(##"<a href="#reply-text">Write your message before sending it.</a>"##))
            #expect(empty.text.contains(#"id="reply-text-error""#) && empty.text.contains(#"aria-invalid="true""#))
            let long = String(repeating: "ж", count: 4_001)
            let tooLong = try await post(
                server, [("lang", "ru"), ("token", token), ("action", "reply"), ("reply_id", UUID().uuidString), ("text", long)])
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.text.contains("Напишите не больше 4000 символов; в вашем сообщении 4001."))
            #expect(tooLong.text.contains(">\(long)</textarea>"), "what was typed stays")
            #expect(try await server.count("messages") == 0)
        }
    }

    @Test func anUnknownTokenGetsTheEntryPage() async throws {
        try await APITestServer.with { server in
            let unknown = try await post(
                server, [("lang", "en"), ("token", String(repeating: "a", count: 43)), ("action", "reply"), ("text", "Hello")])
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("No application matches this token."))
            #expect(unknown.headers[.setCookie] == nil)
            #expect(try await server.count("messages") == 0)
        }
    }

    @Test func tooManyUnreadRepliesAreA429WithANotice() async throws {
        try await APITestServer.with { server in
            let (token, _) = try await apply(server)
            for index in 1...MessagingError.unreadReplyLimit {
                let sent = try await server.send(
                    .post, "/v1/applications/me/messages", json: #"{"text": "Message \#(index)"}"#, token: token)
                #expect(sent.status == .created)
            }
            let page = try await post(
                server, [("lang", "en"), ("token", token), ("action", "reply"), ("reply_id", UUID().uuidString), ("text", "One more")])
            #expect(page.status == .tooManyRequests)
            #expect(page.text.contains("20 of your messages are still waiting to be read."))
            #expect(page.text.contains(">One more</textarea>"))
        }
    }
}
