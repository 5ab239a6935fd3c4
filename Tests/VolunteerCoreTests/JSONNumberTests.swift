import Foundation
import Testing
import VolunteerCore

@Suite struct JSONNumberTests {
    static func number(_ text: String) throws -> JSONNumber {
        let value = try JSONParser.parse(Array(text.utf8))
        return try #require({ if case .number(let number) = value { number } else { nil } }())
    }

    @Test func keepsEveryDigitOfAnIntegerPastDoublesRange() throws {
        let big = try Self.number("9007199254740993")
        #expect(big.integer == 9_007_199_254_740_993)
        #expect(big.text == "9007199254740993")
        #expect(big != (try Self.number("9007199254740992")), "equal as Doubles, not as numbers")
        #expect(try Self.number("-9223372036854775808").integer == Int64.min)
        #expect(try Self.number("9223372036854775808").integer == nil, "past Int64")
    }

    @Test(arguments: [("1E+2", 100), ("-0.5e10", -5_000_000_000), ("6.0", 6), ("-0", 0)] as [(String, Int64)])
    func wholeNumbersWrittenOtherwiseAreIntegersToo(text: String, integer: Int64) throws {
        #expect(try Self.number(text).integer == integer)
        #expect(try Self.number(text) == JSONNumber(Int(integer)))
    }

    @Test func fractionsAreNotIntegers() throws {
        #expect(try Self.number("2.5").integer == nil)
        #expect(try Self.number("2.5").double == 2.5)
        #expect(try Self.number("1e300").integer == nil)
    }

    @Test func encodesAsItWasReadWithWholeNumbersAsIntegers() throws {
        let text = #"{"big":9007199254740993,"fraction":2.5,"list":[1,true,null,"x"],"whole":6.0}"#
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = String(decoding: try encoder.encode(try JSONParser.parse(Array(text.utf8))), as: UTF8.self)
        #expect(encoded == #"{"big":9007199254740993,"fraction":2.5,"list":[1,true,null,"x"],"whole":6}"#)
    }
}

/// `JSONValue.serialized`: what the parser reads back, keys sorted, the same
/// bytes for the same value.
@Suite struct JSONSerializedTests {
    @Test func itIsReadBackAsTheSameValueWithSortedKeys() throws {
        let value = JSONValue.object([
            "z": .array([.number(9_007_199_254_740_993), .number(0.5), .null, .bool(false)]),
            "a": .string("quote \" backslash \\ line\nreturn\rtab\tbell\u{7} кириллица"),
            "m": .object(["b": .bool(true), "a": .object([:])]),
        ])
        let text = String(decoding: value.serialized, as: UTF8.self)
        #expect(
            text.hasPrefix(
                #"{"a":"quote \" backslash \\ line\nreturn\rtab\tbell\u0007 кириллица","m":{"a":{},"b":true},"z":[9007199254740993,"#))
        #expect(try JSONParser.parse(value.serialized) == value)
    }
}
