import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VolunteerAPI
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// The applicants' pages over a live server: each page's words in the
/// visitor's language, its headers and no cookie, and the form going
/// through the API's own intake.
@Suite struct PagesTests {
    static func form(_ fields: [(String, String)]) -> String {
        fields.map { name, value in
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            return "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    static func application(key: String, name: String = "Olha Testova", extra: [(String, String)] = []) -> [(String, String)] {
        [
            ("lang", "en"), ("idempotency_key", key), ("name", name), ("signal", "olha.01"), ("languages", "uk, en"),
            ("skills", "editing"), ("time_zone", "Europe/Kyiv"), ("hours", "5"), ("window-1-day", "tue"),
            ("window-1-start", "18:00"), ("window-1-end", "21:00"), ("motivation", "I edit."), ("source", "website"),
            ("privacy_notice", "2026-01"), ("consent", "yes"),
        ] + extra
    }

    func post(_ server: APITestServer, _ uri: String, _ fields: [(String, String)]) async throws -> HTTPExchange {
        try await server.send(
            .post, uri, raw: ByteBuffer(string: Self.form(fields)),
            headers: [.contentType: "application/x-www-form-urlencoded"], idempotencyKey: nil)
    }

    static func token(in page: String) -> String? {
        guard let range = page.range(of: #"id="token" type="text" readonly value=""#) else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test func everyPageCarriesItsHeadersAndNoCookie() async throws {
        try await APITestServer.with { server in
            for uri in ["/positions", "/positions/editor", "/status", "/positions?lang=ru", "/positions/archivist"] {
                let page = try await server.send(.get, uri)
                #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(uri)")
                #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true, "\(uri)")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(uri)")
                #expect(page.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(page.headers[.setCookie] == nil, "\(uri)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                #expect(!page.text.contains("<script>"), "no inline script: \(uri)")
            }
            #expect(try await server.send(.get, "/positions/editor").headers[.cacheControl] == "no-store", "a form carries its own key")
            #expect(try await server.send(.get, "/positions/archivist").status == .notFound)
            let style = try await server.send(.get, "/positions").text
            let path = try #require(style.firstMatch(of: /href="(\/assets\/[0-9a-f]+\/style\.css)"/)?.1)
            let css = try await server.send(.get, String(path))
            #expect(css.status == .ok && css.headers[.cacheControl]?.contains("immutable") == true)
            #expect(try await server.send(.get, "/assets/000000000000/style.css").status == .notFound)
        }
    }

    @Test func aFormApplicationGoesThroughTheAPIsIntakeOnce() async throws {
        try await APITestServer.with { server in
            let key = UUID().uuidString
            let first = try await post(server, "/positions/editor", Self.application(key: key))
            #expect(first.status == .created, "\(first.text)")
            let token = try #require(Self.token(in: first.text))
            #expect(first.headers[.cacheControl] == "no-store")
            let again = try await post(server, "/positions/editor", Self.application(key: key))
            #expect(again.status == .created && Self.token(in: again.text) == token, "a double submit shows the same token")
            #expect(try await server.count("applications") == 1)
            let me = try await server.send(.get, "/v1/applications/me", token: token)
            #expect(me.status == .ok, "the page's token is the API's")
            try await server.asCoordinator { database in
                let id = try #require(UUID(uuidString: me.json?["id"] as? String ?? ""))
                let application = try await ApplicationRepository(database: database).find(id: id)
                let opened = try await PersonalDataRepository(database: database, key: server.alice).reveal([application.applicantID])
                #expect(
                    opened[application.applicantID]
                        == .opened(PersonalData(name: "Olha Testova", email: nil, signal: "olha.01", motivation: "I edit.")))
            }
        }
    }

    @Test func errorsAreShownBesideTheirFieldsAndInASummary() async throws {
        try await APITestServer.with { server in
            var fields = Self.application(key: UUID().uuidString).filter { !["signal", "consent", "languages"].contains($0.0) }
            fields.append(("languages", "ukrainian"))
            fields.append(("window-2-day", "wed"))
            let page = try await post(server, "/positions/editor", fields)
            #expect(page.status == .unprocessableContent)
            for id in ["contact", "languages", "consent", "window-2-start"] {
                #expect(page.text.contains("<a href=\"#\(id)\">"), "summary links \(id)")
            }
            #expect(page.text.contains(#"aria-invalid="true""#))
            #expect(page.text.contains(#"value="Olha Testova""#), "what was typed stays")
            #expect(try await server.count("applications") == 0)
        }
    }

    /// Blank rows of windows are left out of the request: a problem with its
    /// first window, typed in row 2, is still shown on row 2, and a row is
    /// listed once in the summary however many of its fields are wrong.
    @Test func aWindowsProblemIsShownOnTheRowItWasTypedIn() async throws {
        try await APITestServer.with { server in
            var fields = Self.application(key: UUID().uuidString).filter { !$0.0.hasPrefix("window-1-") }
            fields.append(("window-2-start", "21:00"))
            let page = try await post(server, "/positions/editor", fields)
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains(##"<a href="#window-2-day">"##), "the summary links row 2")
            #expect(page.text.components(separatedBy: ##"<a href="#window-"##).count == 2, "once per row")
            #expect(!page.text.contains(#"id="window-1-error""#))
            #expect(page.text.contains(#"id="window-2-end" name="window-2-end" type="time" value="" aria-invalid="true""#))
        }
    }

    @Test func theStatusPageShowsWithdrawsAndErasesWithConfirmation() async throws {
        try await APITestServer.with { server in
            let created = try await post(server, "/positions/editor", Self.application(key: UUID().uuidString))
            let token = try #require(Self.token(in: created.text))
            let unknown = try await post(server, "/status", [("token", String(repeating: "a", count: 43))])
            #expect(unknown.status == .notFound)
            let view = try await post(server, "/status", [("token", token)])
            #expect(view.status == .ok && view.text.contains("Editor"))
            let ask = try await post(server, "/status", [("token", token), ("action", "withdraw")])
            #expect(ask.status == .ok && ask.text.contains(#"name="confirm" value="yes""#))
            #expect(try await server.send(.get, "/v1/applications/me", token: token).json?["status"] as? String == "submitted")
            let withdrawn = try await post(server, "/status", [("token", token), ("action", "withdraw"), ("confirm", "yes")])
            #expect(withdrawn.status == .ok)
            #expect(try await server.send(.get, "/v1/applications/me", token: token).json?["status"] as? String == "withdrawn")
            let hours = try await post(
                server, "/status",
                [
                    ("token", token), ("action", "availability"), ("hours", "3"), ("window-1-day", "sat"), ("window-1-start", "10:00"),
                    ("window-1-end", "12:00"),
                ])
            #expect(hours.status == .ok)
            #expect(try await server.test.values("SELECT hours_per_week::text FROM applicants") == ["3.0"])
            let erased = try await post(server, "/status", [("token", token), ("action", "erase"), ("confirm", "yes")])
            #expect(erased.status == .ok)
            #expect(try await server.send(.get, "/v1/applications/me", token: token).status == .notFound)
        }
    }

    @Test func theLanguageComesFromTheSwitchOrTheBrowser() async throws {
        try await APITestServer.with { server in
            let english = try await server.send(.get, "/positions")
            #expect(english.text.contains(#"<html lang="en">"#))
            let russian = try await server.send(.get, "/positions", headers: [.acceptLanguage: "ru-RU,ru;q=0.9,en;q=0.5"])
            #expect(russian.text.contains(#"<html lang="ru">"#) && russian.headers[.contentLanguage] == "ru")
            let switched = try await server.send(.get, "/positions?lang=uk", headers: [.acceptLanguage: "ru"])
            #expect(switched.text.contains(#"<html lang="uk">"#))
            try await server.asCoordinator { database in
                try await PositionRepository(database: database).translate(
                    slug: "editor", PositionTranslation(language: "uk", title: "Редактор", description: "Редагуйте наші статті."))
            }
            let translated = try await server.send(.get, "/positions/editor?lang=uk")
            #expect(translated.text.contains("Редактор") && translated.text.contains("Редагуйте"))
            let api = try await server.send(.get, "/v1/positions?lang=uk-UA")
            let first = try #require((api.json?["positions"] as? [[String: Any]])?.first)
            #expect(first["title"] as? String == "Редактор" && first["translation"] as? String == "uk")
        }
    }
}

/// `VTRACK_PAGES=off`: an organisation that uses only the API serves no page.
@Suite struct PagesOffTests {
    @Test func withPagesOffEveryPageIsA404AndTheAPIStays() async throws {
        var settings = ServerSettings.unlimited
        settings.pages = false
        try await APITestServer.with(settings: settings) { server in
            for uri in ["/", "/positions", "/positions/editor", "/status"] {
                let answer = try await server.send(.get, uri)
                #expect(answer.status == .notFound, "\(uri)")
            }
            #expect(try await server.send(.get, "/v1/positions").status == .ok)
        }
    }
}
