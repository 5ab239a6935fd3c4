import Foundation

/// How coordinators name a record: the start of its UUID, as `git` names
/// commits. Typed by hand, so it forgives what people get wrong: case,
/// dashes in any place, surrounding spaces, and the letters o, i and l
/// (which a UUID never has) for 0, 1 and 1.
public struct ShortID: Sendable, Equatable, CustomStringConvertible {
    /// Fewer characters would match too many records to be useful.
    public static let minimumLength = 4
    /// What tables show: 8 characters, 12 when 8 are shared with another record.
    public static let displayLength = 8

    /// The hexadecimal digits typed, lower case, without dashes.
    public let digits: String

    public init(_ text: String) throws(DomainError) {
        var digits = ""
        for character in text.trimmed.lowercased() where character != "-" {
            switch character {
            case "0"..."9", "a"..."f": digits.append(character)
            case "o": digits.append("0")
            case "i", "l": digits.append("1")
            default:
                throw .invalid(field: "id", reason: "ids are hexadecimal (0-9, a-f), as `list` shows them")
            }
        }
        guard digits.count >= Self.minimumLength else {
            throw .invalid(field: "id", reason: "give at least \(Self.minimumLength) characters of the id")
        }
        guard digits.count <= 32 else { throw .invalid(field: "id", reason: "an id has at most 32 hexadecimal digits") }
        self.digits = digits
    }

    /// The lowest and highest UUIDs that start with these digits: a range
    /// the primary key's index answers directly.
    public var range: (lowest: UUID, highest: UUID) {
        (
            Self.uuid(digits.padding(toLength: 32, withPad: "0", startingAt: 0)),
            Self.uuid(digits.padding(toLength: 32, withPad: "f", startingAt: 0))
        )
    }

    public var description: String { digits }

    /// The short form of `id` shown in tables.
    public static func display(_ id: UUID, length: Int = displayLength) -> String {
        String(id.uuidString.lowercased().filter { $0 != "-" }.prefix(length))
    }

    private static func uuid(_ hex: String) -> UUID {
        let h = Array(hex)
        let text = "\(String(h[0..<8]))-\(String(h[8..<12]))-\(String(h[12..<16]))-\(String(h[16..<20]))-\(String(h[20..<32]))"
        return UUID(uuidString: text)!
    }
}
