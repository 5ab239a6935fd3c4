import Crypto
import Foundation

/// A coordinator's registered public key: what data is sealed for.
public struct RecipientKey: Sendable {
    public let id: UUID
    public let name: String
    public let publicKey: Curve25519.KeyAgreement.PublicKey

    public init(id: UUID, name: String, publicKey: Curve25519.KeyAgreement.PublicKey) {
        self.id = id
        self.name = name
        self.publicKey = publicKey
    }

    public init(id: UUID, name: String, rawPublicKey: some ContiguousBytes) throws {
        do {
            self.init(id: id, name: name, publicKey: try .init(rawRepresentation: rawPublicKey))
        } catch {
            throw SealingError.malformedKey("a public key is 32 bytes of X25519")
        }
    }

    public var fingerprint: String { KeyFingerprint.of(publicKey) }
}

/// A short, stable name for a public key that people can compare by eye.
public enum KeyFingerprint {
    public static func of(_ key: Curve25519.KeyAgreement.PublicKey) -> String {
        let digest = SHA256.hash(data: key.rawRepresentation)
        let hex = digest.prefix(8).map { String(format: "%02x", $0) }.joined()
        return stride(from: 0, to: hex.count, by: 4).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return String(hex[start..<hex.index(start, offsetBy: 4)])
        }.joined(separator: ":")
    }
}
