import Foundation

/// `--json` output: stable snake_case keys, sorted, ISO 8601 dates.
enum JSONOutput {
    static func render(_ value: some Encodable, userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> String {
        let encoder = JSONEncoder()
        for (key, info) in userInfo { encoder.userInfo[key] = info }
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return escapingInvisibles(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// JSONEncoder escapes C0 controls but leaves DEL, C1 controls, bidi and
    /// other format characters raw, which reorder or hide text when JSON is
    /// read on a terminal. Outside strings JSON has only ASCII punctuation
    /// and white space, so every such scalar is inside a string, where a
    /// `\uXXXX` escape means the same.
    static func escapingInvisibles(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var escaped = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            guard needsEscape(scalar) else {
                escaped.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 {
                escaped.append(contentsOf: String(format: "\\u%04x", unit).unicodeScalars)
            }
        }
        return String(escaped)
    }

    /// Raw tabs and line ends in encoder output are its own layout.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        !TerminalText.isInert(scalar) && !["\n", "\r", "\t"].contains(scalar)
    }
}
