/// Why sealed data could not be sealed or opened. The messages never carry
/// the data itself.
public enum SealingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No coordinator key is registered, so nobody could ever open the data.
    case noRecipients
    /// The ciphertext was changed, or belongs to another record.
    case tampered
    /// A format version this build does not know.
    case unsupportedFormat(UInt8)
    /// The key presented is not one the data was sealed for.
    case wrongKey
    case malformedKey(String)
    /// Sealed for a list of keys that has changed since (the database said so).
    case staleRecipients

    public var description: String {
        switch self {
        case .noRecipients:
            "no coordinator key is registered, so personal data cannot be sealed"
        case .tampered:
            "sealed data failed its integrity check: it was altered or belongs to another record"
        case .unsupportedFormat(let version):
            "sealed data has format version \(version), which this vtrack does not know; upgrade vtrack"
        case .wrongKey:
            "this private key cannot open the data: it was not sealed for it"
        case .malformedKey(let reason):
            "malformed key: \(reason)"
        case .staleRecipients:
            "the registered coordinator keys changed while sealing; seal again for the current keys"
        }
    }
}
