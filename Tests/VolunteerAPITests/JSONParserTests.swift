import Foundation
import Testing
import VolunteerCore

@Suite struct JSONParserTests {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test(arguments: [
        ("{}", JSONValue.object([:])),
        ("[]", .array([])),
        (
            " \t\r\n{ \"a\" : [ 1 , 2.5 , -0.5e10 , 1E+2 , 3e-2 ] } \n",
            .object(["a": .array([.number(1), .number(2.5), .number(-0.5e10), .number(100), .number(0.03)])])
        ),
        ("\"Привіт, світе\"", .string("Привіт, світе")),
        (#""\"\\\/\b\f\n\r\t""#, .string("\"\\/\u{8}\u{c}\n\r\t")),
        (#""caf\u00e9 \u00E9""#, .string("café é")),
        (#""\ud83d\ude00 and 😀""#, .string("😀 and 😀")),
        (#""a\u0000b""#, .string("a\u{0}b")),
        ("0", .number(0)),
        ("-0", .number(-0.0)),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("null", .null),
        (
            #"{"nested": {"list": [null, true, {"x": "y"}]}}"#,
            .object(["nested": .object(["list": .array([.null, .bool(true), .object(["x": .string("y")])])])])
        ),
    ])
    func readsWellFormedJSON(text: String, expected: JSONValue) throws {
        #expect(try Self.parse(text) == expected)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[,1]", "{a:1}", "{'a':1}",
        "01", "1.", ".5", "+1", "1e", "1e+", "-", "--1", "0x10", "NaN", "Infinity", "1e400", "-1e400",
        "tru", "nul", "True", "\"abc", "\"a\\x\"", "\"\\u12\"", "\"\\u12G4\"",
        "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800x\"",
        "\"a\tb\"", "\"a\nb\"", "{\"a\":1}x", "{\"a\":1} {}", "[1] 2",
        "{\"a\":1,\"a\":2}",
        "\u{FEFF}{}",
    ])
    func refusesWhatIsNotOneWellFormedValue(text: String) {
        #expect(throws: JSONSyntaxError.self) { try Self.parse(text) }
    }

    @Test(arguments: [
        [0x22, 0xFF, 0x22] as [UInt8],
        [0x22, 0xC0, 0x80, 0x22],  // an overlong NUL
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // a surrogate in UTF-8
        [0x22, 0xE2, 0x82, 0x22],  // a truncated sequence
        [0x22, 0x61, 0x00, 0x22],  // a raw NUL
        [0x7B, 0x00, 0x7D],
        [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00],  // UTF-16
    ])
    func refusesBytesThatAreNotUTF8Text(bytes: [UInt8]) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
    }

    @Test func boundsTheNesting() throws {
        let deepest = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: Never.self) { try Self.parse(deepest) }
        #expect(throws: JSONSyntaxError.self) { try Self.parse("[" + deepest + "]") }
        #expect(throws: JSONSyntaxError.self) { try Self.parse(String(repeating: "{\"a\":", count: 100_000)) }
    }

    /// A real application body reads with the names Foundation sees.
    @Test func readsAnApplication() throws {
        let text = APITestServer.applicationJSON()
        let foundation = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        guard case .object(let members) = try Self.parse(text) else {
            Issue.record("not an object")
            return
        }
        #expect(Set(members.keys) == Set(foundation.keys))
        #expect(members["consent"] == .object(["privacy_policy_version": .string("2026-01"), "accepted": .bool(true)]))
    }
}
