import Foundation
import VolunteerCore

/// An `application/x-www-form-urlencoded` body: every value of every name,
/// in order. Values are never logged or put back into a URL.
struct FormFields: Sendable {
    private var values: [String: [String]] = [:]

    init(_ pairs: [(String, String)] = []) {
        for (name, value) in pairs { values[name, default: []].append(value) }
    }

    /// Nil when the body is not form data (a name or value not
    /// percent-decodable to UTF-8).
    init?(urlEncoded body: String) {
        var pairs: [(String, String)] = []
        for item in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else { return nil }
            pairs.append((name, value))
        }
        self.init(pairs)
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The first value, trimmed; nil when absent or blank.
    subscript(name: String) -> String? {
        guard let value = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Every non-blank value of `name`.
    func all(_ name: String) -> [String] {
        (values[name] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The first value as sent (a textarea keeps its lines).
    func raw(_ name: String) -> String? { values[name]?.first }
}
