import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport
import Yams

@testable import VolunteerAPI

/// The served OpenAPI document states the server's rules: its enums are
/// the sets the server takes as they stand, and what its string schemas
/// allow is what the validator accepts, so that a generated request is
/// judged on its data rather than stopped at 422.
@Suite struct OpenAPIContractTests {
    @Test func theContractIsServedAndNamesEveryRoute() async throws {
        try await APITestServer.with { server in
            let answer = try await server.send(.get, "/openapi.yaml")
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "application/yaml")
            #expect(answer.text.hasPrefix("openapi: 3.1.0"))
            #expect(!answer.text.contains(OpenAPIDocument.marker), "every served set is filled in")
            let contract = try ServedContract(answer.text)
            let paths = try #require(contract.root["paths"] as? [String: Any])
            #expect(Set(paths.keys) == Set(KnownRoutes.patterns))
        }
    }

    @Test func itsEnumsAreTheSetsTheServerTakesAsTheyStand() async throws {
        try await APITestServer.with { server in
            var contract = try await ServedContract.fetch(from: server)
            #expect(try contract.enumeration("TimeZone") == TimeZoneRules.known.sorted())
            #expect(try contract.enumeration("Availability", "windows", "day") == Weekday.allCases.map(\.rawValue))
            #expect(try contract.enumeration("OpenPosition") == ["editor"], "closed positions are not offered")
            let (skillTerms, sourceTerms) = (try await Self.terms(.skills, server), try await Self.terms(.sources, server))
            #expect(try contract.enumeration("Skill") == skillTerms && skillTerms == ["editing", "translation"])
            #expect(try contract.enumeration("Source") == sourceTerms && sourceTerms.contains("website"))
            #expect(try contract.enumeration("TimeZone").contains("Europe/Kyiv"))
            #expect(try !contract.enumeration("TimeZone").contains("0"))
            #expect(try contract.enumeration("PrivacyNoticeVersion") == ["2026-01"])

            try await server.asCoordinator { database in
                let skills = VocabularyRepository(database: database, vocabulary: .skills)
                _ = try await skills.add(slug: "fundraising", label: "Fundraising")
                try await skills.retire("translation")
                _ = try await VocabularyRepository(database: database, vocabulary: .sources).add(slug: "podcast", label: "A podcast")
                let positions = PositionRepository(database: database)
                _ = try await positions.create(NewPosition(slug: "fundraiser", title: "Fundraiser", team: "Finance"))
                _ = try await positions.move(slug: "fundraiser", to: .open)
                _ = try await PrivacyNoticeRepository(database: database).add(
                    version: "2026-12", url: "https://example.org/privacy/2026-12")
            }
            contract = try await ServedContract.fetch(from: server)
            #expect(try contract.enumeration("PrivacyNoticeVersion") == ["2026-12", "2026-01"], "the newest first")
            let skills = try contract.enumeration("Skill")
            let sources = try contract.enumeration("Source")
            let (newSkillTerms, newSourceTerms) = (try await Self.terms(.skills, server), try await Self.terms(.sources, server))
            #expect(skills == newSkillTerms && skills.contains("fundraising") && !skills.contains("translation"))
            #expect(sources == newSourceTerms && sources.contains("podcast"))
            #expect(try contract.enumeration("OpenPosition") == ["editor", "fundraiser"])
            for name in ["TimeZone", "OpenPosition", "Skill", "Source", "PrivacyNoticeVersion"] {
                let examples = try #require(contract.schema([name])["examples"] as? [String], "\(name) has examples")
                #expect(Set(examples).isSubset(of: try contract.enumeration(name)), "\(name)")
            }

            // What the document offers is taken; what it no longer offers is refused.
            let zone = try #require(try contract.enumeration("TimeZone").last)
            let offered = try await server.send(
                .post, "/v1/applications",
                json: Self.application {
                    $0["position"] = "fundraiser"
                    $0["skills"] = ["fundraising"]
                    $0["source"] = "podcast"
                    $0["time_zone"] = zone
                })
            #expect(offered.status == .created, "\(offered.text)")
            let retired = try await server.send(.post, "/v1/applications", json: Self.application { $0["skills"] = ["translation"] })
            #expect(retired.status == .unprocessableContent && retired.fields == ["skills"])
        }
    }

    @Test func whatItsStringSchemasAllowIsWhatTheValidatorAccepts() async throws {
        try await APITestServer.with { server in
            let contract = try await ServedContract.fetch(from: server)
            for field in Self.fields {
                let schema = try contract.schema(field.schema)
                for value in field.values {
                    let answer = try await server.send(.post, "/v1/applications", json: Self.application { field.place(value, &$0) })
                    let accepted = answer.status == .created
                    #expect(answer.status == .created || answer.status == .unprocessableContent, "\(field.name): \(answer.status)")
                    // Sound: what the document allows is taken.
                    if try ServedContract.allows(schema, value) {
                        #expect(accepted, "\(field.name) \(value.debugDescription): allowed by the document, refused: \(answer.fields)")
                    }
                    // Complete, once trimmed of white space as the document says: what is taken, it allows.
                    if accepted {
                        #expect(
                            try ServedContract.allows(schema, ServedContract.trimmed(value)),
                            "\(field.name) \(value.debugDescription): taken, not allowed")
                    }
                }
            }
        }
    }

    @Test func itsLanguagePatternIsTheValidatorsRule() async throws {
        try await APITestServer.with { server in
            let schema = try await ServedContract.fetch(from: server).schema(["LanguageTag"])
            var seen: Set<String> = []
            let tags = ["", "e", "en", "eng", "engl", "EN", "e1"].flatMap { language in
                ["", "-Latn", "-latn", "-LATN", "-Lat", "-"].flatMap { script in
                    ["", "-GB", "-gb", "-419", "-41", "-G", "-GBR"].map { language + script + $0 }
                }
            }.filter { seen.insert($0).inserted }
            // Ten to a request: the problems name the index of each tag refused.
            for start in stride(from: 0, to: tags.count, by: 10) {
                let batch = Array(tags[start..<min(start + 10, tags.count)])
                let answer = try await server.send(.post, "/v1/applications", json: Self.application { $0["languages"] = batch })
                for (index, tag) in batch.enumerated() {
                    let accepted = answer.status == .created || !answer.fields.contains("languages[\(index)]")
                    #expect(accepted == (try ServedContract.allows(schema, tag)), "\(tag.debugDescription)")
                }
            }
        }
    }

    static func terms(_ vocabulary: Vocabulary, _ server: APITestServer) async throws -> [String] {
        try await server.asCoordinator { database in
            try await VocabularyRepository(database: database, vocabulary: vocabulary).list().map(\.slug)
        }
    }

    /// `APITestServer.applicationJSON()`, changed by `change`.
    static func application(_ change: (inout [String: Any]) -> Void) -> String {
        var body = try! JSONSerialization.jsonObject(with: Data(APITestServer.applicationJSON().utf8)) as! [String: Any]
        change(&body)
        return String(decoding: try! JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    struct Field: Sendable {
        let name: String
        let schema: [String]
        let values: [String]
        let place: @Sendable (String, inout [String: Any]) -> Void
    }

    static let fields: [Field] = [
        Field(
            name: "name", schema: ["ApplicationRequest", "name"],
            values: [
                "Olha", "Ольга", "a b", " Olha ", "\tOlha\n", "\u{85}Olha\u{A0}", "\u{3000}x\u{2028}", "Ol\u{2028}ha", "😀",
                "O\tlha", "   ", "", "a\u{1}", "Olha\u{7F}", "Olha\u{9F}", "Secret\u{0}Name",
                String(repeating: "x", count: 100), String(repeating: "x", count: 101), " " + String(repeating: "x", count: 100) + " ",
                "\u{85}00" + String(repeating: "\u{85}", count: 110),
            ], place: { value, body in body["name"] = value }),
        Field(
            name: "contact.email", schema: ["ApplicationRequest", "contact", "email"],
            values: [
                "olha@example.org", "a@b.c", "é@ü.de", " a@b.c ", String(repeating: "a", count: 64) + "@b.c",
                "a@b", "a b@c.d", "a@b..c", "\u{1}a@b.c", "@b.c", "a@@b.c", String(repeating: "a", count: 65) + "@b.c",
                "a@" + String(repeating: "b", count: 250) + ".c",
            ], place: { value, body in body["contact"] = ["email": value] }),
        Field(
            name: "contact.telegram", schema: ["ApplicationRequest", "contact", "telegram"],
            values: [
                "@olha_writes", "olha_writes", "@olhaa", "@" + String(repeating: "o", count: 32), " @olha_writes ",
                "@olha", "@1olha", "@" + String(repeating: "o", count: 33), "olha writes", "@olha-writes",
            ], place: { value, body in body["contact"] = ["telegram": value] }),
        Field(
            name: "contact.signal", schema: ["ApplicationRequest", "contact", "signal"],
            values: [
                "+380 44 123 4567", "+1234567", "+1      5", "olha.42", "ola.42", "olha.123456789", "+1 23456 ",
                "+123456", "+1 2345 ", "+123456789012345678901", "ol.42", "olha.4", "olha.1234567890", "+ 1234567",
                "o" + String(repeating: "l", count: 31) + ".123456789",
            ], place: { value, body in body["contact"] = ["signal": value] }),
        Field(
            name: "contact.other", schema: ["ApplicationRequest", "contact", "other"],
            values: [
                "Threema: ABCD1234", " x ", String(repeating: "x", count: 200), "\t" + String(repeating: "x", count: 200) + "\n",
                "", " ", String(repeating: "x", count: 201), "a\nb",
            ], place: { value, body in body["contact"] = ["other": value] }),
        Field(
            name: "motivation", schema: ["ApplicationRequest", "motivation"],
            values: [
                "", "   ", "I edit.\nA lot.\r\n\tReally.", "\u{B}a\u{B}", String(repeating: "m", count: 4000),
                "\t" + String(repeating: "m", count: 4000) + "\n", "a\u{1}b", "a\u{B}b", String(repeating: "m", count: 4001),
            ], place: { value, body in body["motivation"] = value }),
        Field(
            name: "time_zone", schema: ["ApplicationRequest", "time_zone"],
            values: [
                "Europe/Kyiv", "UTC", "Asia/Kolkata", " Europe/Kyiv", "0", "EST", "europe/kyiv", "Mars/Olympus",
            ], place: { value, body in body["time_zone"] = value }),
        Field(
            name: "consent.privacy_policy_version", schema: ["ApplicationRequest", "consent", "privacy_policy_version"],
            values: [
                "2026-01", "v1.0_final-2", String(repeating: "a", count: 32), "", "v 1", String(repeating: "a", count: 33), "2026/01",
            ], place: { value, body in body["consent"] = ["privacy_policy_version": value, "accepted": true] }),
        Field(
            name: "availability.windows.start", schema: ["Availability", "windows", "start"],
            values: [
                "18:30", "00:00", "23:59", "24:00", "9:00", "09:60", "18:00:00",
            ], place: { value, body in body["availability"] = ["windows": [["day": "mon", "start": value, "end": "22:00"]]] }),
    ]
}

/// The served document, read with Yams, and the few JSON Schema rules a
/// string schema here uses.
struct ServedContract {
    let root: [String: Any]

    init(_ text: String) throws {
        root = try #require(try Yams.load(yaml: text) as? [String: Any], "the served document is a YAML mapping")
    }

    static func fetch(from server: APITestServer) async throws -> ServedContract {
        let answer = try await server.send(.get, "/openapi.yaml")
        #expect(answer.status == .ok)
        return try ServedContract(answer.text)
    }

    /// The schema at `path`: a component's name, then property names (an
    /// array's items are looked through), `$ref`s followed.
    func schema(_ path: [String]) throws -> [String: Any] {
        let components = try #require((root["components"] as? [String: Any])?["schemas"] as? [String: Any])
        var schema = try resolve(try #require(components[path[0]] as? [String: Any], "\(path[0])"))
        for key in path.dropFirst() {
            if let items = schema["items"] as? [String: Any] { schema = try resolve(items) }
            let properties = try #require(schema["properties"] as? [String: Any], "\(path)")
            schema = try resolve(try #require(properties[key] as? [String: Any], "\(path): \(key)"))
        }
        return schema
    }

    func enumeration(_ path: String...) throws -> [String] {
        try #require(try schema(path)["enum"] as? [String], "\(path) is an enum of strings")
    }

    private func resolve(_ schema: [String: Any]) throws -> [String: Any] {
        guard let reference = schema["$ref"] as? String else { return schema }
        return try self.schema([String(try #require(reference.split(separator: "/").last))])
    }

    /// JSON Schema's reading: lengths in code points, an enum, and the
    /// pattern with `$` as the end of the text (as in ECMA-262, not before
    /// a final line break as ICU also takes it).
    static func allows(_ schema: [String: Any], _ value: String) throws -> Bool {
        let length = value.unicodeScalars.count
        if let minimum = schema["minLength"] as? Int, length < minimum { return false }
        if let maximum = schema["maxLength"] as? Int, length > maximum { return false }
        if let values = schema["enum"] as? [String], !values.contains(value) { return false }
        if var pattern = schema["pattern"] as? String {
            if pattern.hasSuffix("$") { pattern = String(pattern.dropLast()) + "\\z" }
            let expression = try NSRegularExpression(pattern: pattern)
            return expression.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        }
        return true
    }

    /// Without Unicode white space at either end, as the document says the
    /// server reads strings.
    static func trimmed(_ value: String) -> String {
        let scalars = value.unicodeScalars
        let kept = scalars.drop { $0.properties.isWhitespace }.reversed().drop { $0.properties.isWhitespace }.reversed()
        return String(String.UnicodeScalarView(kept))
    }
}
