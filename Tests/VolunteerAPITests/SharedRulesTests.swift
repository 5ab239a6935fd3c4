import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// The API and the CLI (its files and its flags) refuse the same input with
/// the same problem, named by the same field.
@Suite struct SharedRulesTests {
    /// The first problem of an answer, as `field: problem`.
    static func firstProblem(_ answer: HTTPExchange) -> String? {
        (answer.json?["errors"] as? [[String: Any]])?.first.flatMap { error in
            (error["field"] as? String).flatMap { field in (error["problem"] as? String).map { "\(field): \($0)" } }
        }
    }

    @Test func availabilityIsRefusedAlikeByTheAPIAndTheCLI() async throws {
        try await APITestServer.with { server in
            let applied = try await server.send(.post, "/v1/applications", json: APITestServer.applicationJSON())
            let token = try #require(applied.json?["status_token"] as? String)
            let id = try #require(applied.json?["id"] as? String)
            let person = ShortID.display(try #require(UUID(uuidString: id)))
            let environment = ["DATABASE_URL": server.coordinator.url]
            let bodies = [
                #"{"windows": [{"day": "sun", "start": "23:00", "end": "02:00"}, {"day": "mon", "start": "01:00", "end": "03:00"}]}"#,
                #"{"windows": [{"day": "someday", "start": "10:00", "end": "11:00"}]}"#,
                #"{"windows": [{"day": "tue", "start": "25:00", "end": "26:00"}]}"#,
                #"{"blackouts": [{"from": "2026-12-10", "to": "2026-12-01"}]}"#,
                #"{"hours_per_week": 200}"#,
                #"{"hours_per_week": 4, "slots": []}"#,
            ]
            for body in bodies {
                let api = try await server.send(.put, "/v1/applications/me/availability", json: body, token: token)
                #expect(api.status == .unprocessableContent, "\(body)")
                let problem = try #require(Self.firstProblem(api), "\(body): \(api.text)")
                let cli = try await BinaryRunner.run(
                    "vtrack", ["availability", "set", person, "--file", "-"], environment: environment, input: body
                )
                #expect(cli.status == 65, "\(body)")
                #expect(cli.standardError == "vtrack: stdin: line 1: \(problem)\n", "\(body)")
            }

            // The flags are read in the same shape: the API's windows[1] is the second --window.
            let api = try await server.send(.put, "/v1/applications/me/availability", json: bodies[0], token: token)
            #expect(api.fields == ["windows[1]"])
            let flags = try await BinaryRunner.run(
                "vtrack", ["availability", "set", person, "--window", "sun 23:00-02:00", "--window", "mon 01:00-03:00"],
                environment: environment
            )
            #expect(flags.status == 65)
            #expect(flags.standardError == "vtrack: --window 2: overlaps --window 1\n")
            #expect(try await server.count("availability_windows") == 2, "the application's windows, untouched")
        }
    }

    /// A position's languages and skills follow the rules of an applicant's.
    @Test func aPositionsLanguagesAreRefusedAlikeByTheCLIAndTheAPI() async throws {
        try await APITestServer.with { server in
            let api = try await server.send(
                .post, "/v1/applications",
                json: APITestServer.applicationJSON().replacingOccurrences(of: #""uk", "en""#, with: #""ukrainian""#)
            )
            #expect(api.status == .unprocessableContent)
            #expect(Self.firstProblem(api) == "languages[0]: \(TextRule.languageTag.problem)")

            let environment = ["DATABASE_URL": server.coordinator.url]
            let file = try await BinaryRunner.run(
                "vtrack", ["positions", "create", "translator", "--file", "-"], environment: environment,
                input: #"{"title": "Translator", "team": "Translation", "languages": ["ukrainian"]}"#
            )
            #expect(file.status == 65)
            #expect(file.standardError == "vtrack: stdin: line 1: languages[0]: \(TextRule.languageTag.problem)\n")
            let flags = try await BinaryRunner.run(
                "vtrack",
                ["positions", "create", "translator", "--title", "Translator", "--team", "Translation", "--language", "ukrainian"],
                environment: environment
            )
            #expect(flags.status == 65)
            #expect(flags.standardError == "vtrack: --language 1: \(TextRule.languageTag.problem)\n")
            let positions = try await server.test.values("SELECT slug FROM positions ORDER BY slug")
            #expect(positions == ["archivist", "editor"], "nothing written")
        }
    }
}
