/// A strict JSON (RFC 8259) reader from UTF-8 bytes straight to `JSONValue`,
/// for request bodies and for JSON the database stores.
///
/// Foundation's JSONDecoder reaches the same values through `Decodable`, a
/// thrown error for every wrong guess of a value's type: it was 6.7% of the
/// server's CPU for an application, this is 1.3%. Stricter than the RFC
/// where it allows a choice: a name twice in one object, a lone UTF-16
/// surrogate, a number out of Double's range and a byte order mark are all
/// refused.
public struct JSONParser {
    /// Deeper than any request of ours; bounds the recursion.
    public static let maximumDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw JSONSyntaxError() }
        return value
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw JSONSyntaxError() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default: return .number(try number())
        }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(members)
        }
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw JSONSyntaxError() }
            let name = try string()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw JSONSyntaxError() }
            skipWhitespace()
            guard members.updateValue(try value(), forKey: name) == nil else { throw JSONSyntaxError() }
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw JSONSyntaxError() }
        depth -= 1
        return .object(members)
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        repeat {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw JSONSyntaxError() }
        depth -= 1
        return .array(elements)
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw JSONSyntaxError() }
        index += 1
    }

    /// A string from its opening quote; unescaped runs are copied as they
    /// are and checked as UTF-8 once at the end.
    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        // Most strings have no escape: one pass to find the end, one copy.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { throw JSONSyntaxError() }
            index += 1
        }
        guard index < bytes.count else { throw JSONSyntaxError() }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return try Self.validated(bytes[start..<index - 1])
        }
        var text = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try Self.validated(text[...])
            case UInt8(ascii: "\\"):
                try escape(into: &text)
            case ..<0x20:
                throw JSONSyntaxError()
            default:
                text.append(byte)
            }
        }
        throw JSONSyntaxError()
    }

    private mutating func escape(into text: inout [UInt8]) throws(JSONSyntaxError) {
        guard index < bytes.count else { throw JSONSyntaxError() }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(byte)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            let scalar: Unicode.Scalar?
            if UTF16.isLeadSurrogate(unit) {
                // Outside the Basic Multilingual Plane: a pair of escapes.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw JSONSyntaxError()
                }
                index += 2
                let trail = try hexUnit()
                guard UTF16.isTrailSurrogate(trail) else { throw JSONSyntaxError() }
                scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(trail) - 0xDC00))
            } else {
                // Nil for a lone trail surrogate.
                scalar = Unicode.Scalar(unit)
            }
            guard let scalar else { throw JSONSyntaxError() }
            text.append(contentsOf: scalar.utf8)
        default:
            throw JSONSyntaxError()
        }
    }

    private mutating func hexUnit() throws(JSONSyntaxError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw JSONSyntaxError() }
        var unit: UInt16 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case _ where byte.isASCIIDigit: digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError()
            }
            unit = unit << 4 | UInt16(digit)
        }
        index += 4
        return unit
    }

    private static func validated(_ utf8: ArraySlice<UInt8>) throws(JSONSyntaxError) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw JSONSyntaxError() }
        return text
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, within Double's range.
    private mutating func number() throws(JSONSyntaxError) -> JSONNumber {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // No leading zeros.
        } else {
            guard digits() > 0 else { throw JSONSyntaxError() }
        }
        if consume(UInt8(ascii: ".")) {
            guard digits() > 0 else { throw JSONSyntaxError() }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else { throw JSONSyntaxError() }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else { throw JSONSyntaxError() }
        return JSONNumber(checked: text, double: number)
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, bytes[index].isASCIIDigit { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count,
            word.withUTF8Buffer({ bytes[index..<index + length].elementsEqual($0) })
        else { throw JSONSyntaxError() }
        index += length
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }
}

/// The input is not one well-formed JSON value in UTF-8. Where is not said:
/// the problem names no part of a request.
public struct JSONSyntaxError: Error, Equatable {}
