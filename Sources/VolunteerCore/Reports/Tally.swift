/// A count of people or applications in a report. Below three it can be
/// hidden (`<3`) so that nobody can be singled out; zero singles out nobody
/// and stays.
public struct Tally: Sendable, Equatable, Encodable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public let count: Int
    public private(set) var isSuppressed = false

    public init(_ count: Int) {
        self.count = count
    }

    public init(integerLiteral count: Int) {
        self.init(count)
    }

    public static let smallest = 3

    /// Whether this count would single someone out.
    public var isSmall: Bool { count > 0 && count < Self.smallest }

    public func suppressed() -> Tally {
        var copy = self
        copy.isSuppressed = isSmall
        return copy
    }

    public var description: String { isSuppressed ? "<\(Self.smallest)" : String(count) }

    /// A number, or the string `"<3"` when suppressed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if isSuppressed { try container.encode(description) } else { try container.encode(count) }
    }
}
