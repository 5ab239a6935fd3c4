/// A JSON number as it was written. A Double holds integers exactly only up
/// to 2^53; the text keeps every digit of a larger one, so that it reads
/// back as it was written.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// In JSON's grammar.
    public let text: String
    public let double: Double

    /// `text` already checked against JSON's grammar, and its value.
    init(checked text: String, double: Double) {
        self.text = text
        self.double = double
    }

    public init(_ value: Int) {
        self.init(checked: String(value), double: Double(value))
    }

    /// Nil for infinities and NaN, which JSON cannot write.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        // Swift writes a finite Double as JSON does (`6.0`, `1e-07`, `1e+16`).
        self.init(checked: value.description, double: value)
    }

    public init(integerLiteral value: Int) {
        self.init(value)
    }

    public init(floatLiteral value: Double) {
        self.init(checked: value.description, double: value)
    }

    /// Its exact value when it is a whole number that fits in 64 bits,
    /// however it was written (`100`, `1E+2`, `-0.5e10`).
    public var integer: Int64? {
        if text.utf8.allSatisfy({ $0.isASCIIDigit || $0 == UInt8(ascii: "-") }) { return Int64(text) }
        // Written with a fraction or an exponent: exact only below 2^53.
        guard double.rounded() == double, abs(double) < 9_007_199_254_740_992 else { return nil }
        return Int64(double)
    }

    public var description: String { text }

    /// Equal when they are the same number, however written.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.integer == rhs.integer && lhs.double == rhs.double
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(integer)
        hasher.combine(double)
    }
}
