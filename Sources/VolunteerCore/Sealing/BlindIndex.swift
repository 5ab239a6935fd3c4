import Crypto
import Foundation

/// Finds the same e-mail twice without storing it: HMAC-SHA256 of the
/// normalised address under a server secret. Without the secret, the index
/// cannot be tested against a list of addresses.
public struct BlindIndex: Sendable {
    let key: SymmetricKey

    public static let minimumKeyBytes = 32

    public init(key: SymmetricKey) { self.key = key }

    /// The secret as configured: base64 or hex of at least 32 bytes.
    public init(encodedKey: String) throws(BlindIndexKeyError) {
        let text = encodedKey.trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = [UInt8](hex: text).map { Data($0) } ?? Data(base64Encoded: text)
        guard let bytes else { throw .notEncoded }
        guard bytes.count >= Self.minimumKeyBytes else { throw .tooShort(bytes.count) }
        self.init(key: SymmetricKey(data: bytes))
    }

    public func email(_ address: String) -> [UInt8] {
        let normalised = address.trimmed.lowercased()
        return Array(HMAC<SHA256>.authenticationCode(for: Data("email:\(normalised)".utf8), using: key))
    }
}

public enum BlindIndexKeyError: Error, Equatable, CustomStringConvertible {
    case notEncoded
    case tooShort(Int)

    public var description: String {
        switch self {
        case .notEncoded: "the blind index key must be base64 or hex"
        case .tooShort(let count): "the blind index key has \(count) bytes; it needs at least \(BlindIndex.minimumKeyBytes)"
        }
    }
}
