import Foundation
import Hummingbird
import HummingbirdTesting
import VolunteerAPI
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// A live vtrack server on a migrated database, running as a vtrack_api
/// login, with open position `editor`, closed position `archivist`, skills
/// `editing` and `translation`, privacy notice `2026-01`, and the
/// coordinator key `alice` registered.
struct APITestServer {
    let test: TestDatabase
    let coordinator: DatabaseSettings
    let alice: CoordinatorPrivateKey
    let client: any TestClientProtocol

    static let blindIndex = try! BlindIndex(encodedKey: String(repeating: "cd", count: 32))

    static func with(
        registerKey: Bool = true,
        settings: ServerSettings = .unlimited,
        _ body: @escaping @Sendable (APITestServer) async throws -> Void
    ) async throws {
        let alice = CoordinatorPrivateKey.generate()
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { coordinator in
                try await seed(coordinator, key: registerKey ? alice : nil)
                try await test.withRole(in: "vtrack_api") { api in
                    let database = Database(settings: api, logger: TestEnvironment.logger)
                    let application = buildApplication(
                        database: database, settings: settings, blindIndex: blindIndex, logger: TestEnvironment.logger
                    )
                    try await application.test(.live) { client in
                        try await body(APITestServer(test: test, coordinator: coordinator, alice: alice, client: client))
                    }
                }
            }
        }
    }

    /// Open position `editor`, closed `archivist`, skills `editing` and
    /// `translation`, and `key` registered as `alice`; written as `coordinator`.
    static func seed(_ coordinator: DatabaseSettings, key: CoordinatorPrivateKey?) async throws {
        try await Database.withDatabase(coordinator, logger: TestEnvironment.logger) { database in
            let skills = VocabularyRepository(database: database, vocabulary: .skills)
            _ = try await skills.add(slug: "editing", label: "Editing")
            _ = try await skills.add(slug: "translation", label: "Translation")
            let positions = PositionRepository(database: database)
            _ = try await positions.create(
                NewPosition(
                    slug: "editor", title: "Editor", team: "Editorial", description: "Edit our articles.",
                    skills: ["editing"], languages: ["en", "uk"], hoursPerWeek: 5
                ))
            _ = try await positions.move(slug: "editor", to: .open)
            _ = try await positions.create(NewPosition(slug: "archivist", title: "Archivist", team: "Research"))
            _ = try await positions.move(slug: "archivist", to: .open)
            _ = try await positions.move(slug: "archivist", to: .closed)
            _ = try await PrivacyNoticeRepository(database: database).add(version: "2026-01", url: "https://example.org/privacy/2026-01")
            if let key {
                _ = try await KeyRepository(database: database).register(name: "alice", publicKey: key.publicKey)
                // As `vtrack keys init` does: the server seals for the organisation key.
                _ = try await OrganisationKeyRepository(database: database).createFirstInANewDatabase()
            }
        }
    }

    /// Runs `body` with a pool logged in as the coordinator.
    func asCoordinator<Result: Sendable>(_ body: @Sendable (Database) async throws -> Result) async throws -> Result {
        try await Database.withDatabase(coordinator, logger: TestEnvironment.logger, body)
    }

    func count(_ table: String) async throws -> Int {
        Int(try await test.values("SELECT count(*)::text FROM \(table)").first!!)!
    }
}

extension ServerSettings {
    /// No rate limits, so tests can send as they like.
    static var unlimited: ServerSettings {
        var settings = ServerSettings(host: "127.0.0.1", port: 0)
        settings.writesPerClientPerMinute = 0
        settings.writesPerSecond = 0
        settings.statusReadsPerClientPerMinute = 0
        settings.allowedOrigins = ["https://example.org"]
        return settings
    }
}

/// Requests and their answers, in the words of the tests.
struct HTTPExchange: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: Data

    var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    var text: String { String(decoding: body, as: UTF8.self) }
    var problemType: String? { (json?["type"] as? String)?.replacingOccurrences(of: "https://vtrack.dev/problems/", with: "") }
    var fields: [String] { (json?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
}

extension APITestServer {
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, raw: ByteBuffer? = nil,
        headers: HTTPFields = [:], token: String? = nil, idempotencyKey: String? = UUID().uuidString
    ) async throws -> HTTPExchange {
        var fields = headers
        if json != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        if let token { fields[.authorization] = "Bearer \(token)" }
        if method == .post, uri == "/v1/applications", let idempotencyKey, fields[.init("Idempotency-Key")!] == nil {
            fields[.init("Idempotency-Key")!] = idempotencyKey
        }
        let body = raw ?? json.map { ByteBuffer(string: $0) }
        return try await client.execute(uri: uri, method: method, headers: fields, body: body) { response in
            HTTPExchange(status: response.status, headers: response.headers, body: Data(buffer: response.body))
        }
    }

    /// The same request on a connection of its own. The test client sends
    /// everything over one connection, which the server answers in turn, so
    /// requests sent "at once" through it queue behind each other. A plain
    /// socket sends the request head the moment it connects: a client task
    /// that a loaded machine schedules late could otherwise leave an open
    /// connection silent past the server's head timeout.
    func sendOnItsOwnConnection(
        _ method: HTTPRequest.Method, _ uri: String, json: String, idempotencyKey: String
    ) async throws -> HTTPExchange {
        guard let port = client.port else { throw TestClient.Error.connectionNotOpen }
        let connection = try RawConnection(port: port)
        let request =
            "\(method.rawValue) \(uri) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Idempotency-Key: \(idempotencyKey)\r\nContent-Length: \(json.utf8.count)\r\nConnection: close\r\n\r\n\(json)"
        guard connection.send(request) else { throw TestClient.Error.connectionClosing }
        guard let response = try await connection.response(within: .seconds(20)) else { throw TestClient.Error.readTimeout }
        return HTTPExchange(status: .init(code: response.status), headers: [:], body: Data(response.body.utf8))
    }

    static func applicationJSON(
        name: String = "Olha Testova", email: String? = "olha@example.org", position: String = "editor",
        extra: String = ""
    ) -> String {
        let contact = email.map { #"{"email": "\#($0)", "telegram": "@olha_test"}"# } ?? #"{"telegram": "@olha_test"}"#
        return """
            {"position": "\(position)", "name": "\(name)", "contact": \(contact),
             "languages": ["uk", "en"], "skills": ["editing"], "time_zone": "Europe/Kyiv",
             "availability": {"hours_per_week": 6, "windows": [{"day": "tue", "start": "18:00", "end": "21:00"},
                                                               {"day": "sun", "start": "22:00", "end": "01:00"}],
                              "blackouts": [{"from": "2026-12-24", "to": "2027-01-02"}]},
             "motivation": "I edit.", "source": "website",
             "consent": {"privacy_policy_version": "2026-01", "accepted": true}\(extra)}
            """
    }
}
