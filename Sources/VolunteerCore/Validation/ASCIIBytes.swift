/// The character classes of vtrack's input rules, on UTF-8 bytes.
///
/// Every rule but the e-mail address's is made of ASCII classes only, so a
/// byte outside ASCII fails it wherever it stands, and checking bytes gives
/// the same answers as the regular expressions the rules are written as
/// (tests compare them). Swift's `Regex`, even compiled once, took about 5%
/// of the server's CPU for the dozen fields of an application.
extension UInt8 {
    public var isASCIIDigit: Bool { (0x30...0x39).contains(self) }
    public var isASCIILowercase: Bool { (0x61...0x7A).contains(self) }
    public var isASCIIUppercase: Bool { (0x41...0x5A).contains(self) }
    public var isASCIILetter: Bool { isASCIILowercase || isASCIIUppercase }
    public var isASCIILetterOrDigit: Bool { isASCIILetter || isASCIIDigit }

    /// The value of an ASCII digit.
    var digitValue: Int { Int(self) - 0x30 }
}

extension Collection<UInt8> {
    /// Whether the bytes are `count` long and each passes `rule`.
    public func consists(of count: ClosedRange<Int>, _ rule: (UInt8) -> Bool) -> Bool {
        count.contains(self.count) && allSatisfy(rule)
    }
}
