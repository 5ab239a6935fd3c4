import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A reverse proxy logs each client's address and the time; a server log
/// line naming an application or applicant with its own time would tie the
/// two together. The real server, applied to through HTTP, writes none.
@Suite struct ServerLogPrivacyTests {
    @Test func noLineOfTheServersLogNamesTheApplicationOrTheApplicant() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { coordinator in
                try await Database.withDatabase(coordinator, logger: TestEnvironment.logger) { database in
                    _ = try await VocabularyRepository(database: database, vocabulary: .skills).add(slug: "editing", label: "Editing")
                    _ = try await PositionRepository(database: database).create(
                        NewPosition(
                            slug: "editor", title: "Editor", team: "Editorial", skills: ["editing"], languages: ["en", "uk"]
                        ))
                    _ = try await PositionRepository(database: database).move(slug: "editor", to: .open)
                    _ = try await PrivacyNoticeRepository(database: database).add(
                        version: "2026-01", url: "https://example.org/privacy/2026-01")
                    _ = try await KeyRepository(database: database).register(
                        name: "alice", publicKey: CoordinatorPrivateKey.generate().publicKey)
                }
            }
            try await test.withRole(in: "vtrack_api") { api in
                try await ServerProcessTests.withServer(["DATABASE_URL": api.url]) { server, base in
                    #expect(try await ServerProcessTests.get("\(base)/ready", within: .seconds(20)) == 200, "\(server.standardError)")

                    let (created, status) = try await Self.send(
                        "POST", "\(base)/v1/applications", body: APITestServer.applicationJSON(),
                        headers: [
                            "Content-Type": "application/json", "Idempotency-Key": UUID().uuidString,
                        ])
                    #expect(status == 201, "\(created)")
                    let id = try #require(created["id"] as? String)
                    let token = try #require(created["status_token"] as? String)
                    let (_, mine) = try await Self.send("GET", "\(base)/v1/applications/me", headers: ["Authorization": "Bearer \(token)"])
                    #expect(mine == 200)
                    let (_, withdrawn) = try await Self.send(
                        "POST", "\(base)/v1/applications/me/withdraw", headers: ["Authorization": "Bearer \(token)"])
                    #expect(withdrawn == 200)

                    server.signal(SIGTERM)
                    #expect(await server.waitForExit(timeout: .seconds(15)) == 0)
                    let applicant = try #require(
                        try await test.values("SELECT applicant_id::text FROM applications WHERE id = '\(id)'").first ?? nil)
                    let log = server.standardError.lowercased()
                    #expect(log.contains(#""http.status":"201""#), "the request itself is logged")
                    for secret in [id, applicant, token] {
                        for form in [
                            secret.lowercased(), secret.lowercased().replacingOccurrences(of: "-", with: ""),
                            String(secret.lowercased().prefix(8)),
                        ] {
                            #expect(!log.contains(form), "the server log holds \(form)")
                        }
                    }
                }
            }
        }
    }

    static func send(
        _ method: String, _ url: String, body: String? = nil, headers: [String: String] = [:]
    ) async throws -> ([String: Any], Int) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        return (json, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }
}
