import Crypto
import Foundation

/// A coordinator's private key: the only thing that opens sealed data. It
/// lives in a file on the coordinator's machine, never in the database.
public struct CoordinatorPrivateKey: Sendable {
    public let privateKey: Curve25519.KeyAgreement.PrivateKey

    public static func generate() -> CoordinatorPrivateKey {
        CoordinatorPrivateKey(privateKey: .init())
    }

    public init(privateKey: Curve25519.KeyAgreement.PrivateKey) {
        self.privateKey = privateKey
    }

    public var publicKey: Curve25519.KeyAgreement.PublicKey { privateKey.publicKey }
    public var fingerprint: String { KeyFingerprint.of(publicKey) }

    public func unwrap(_ wrapped: WrappedDataKey, applicantID: UUID) throws -> DataKey {
        try DataKey.unwrap(wrapped, with: privateKey, applicantID: applicantID)
    }

    public func open(_ sealed: [UInt8], wrappedKey: WrappedDataKey, applicantID: UUID) throws -> PersonalData {
        let dataKey = try unwrap(wrappedKey, applicantID: applicantID)
        return try dataKey.openPersonalData(sealed, applicantID: applicantID)
    }
}

/// The key file: one line, `vtrack-x25519-private-key-v1 <base64>`, after
/// comment lines. Text, so that it survives copy and paste into a vault.
extension CoordinatorPrivateKey {
    static let fileTag = "vtrack-x25519-private-key-v1"

    public var fileContents: String {
        """
        # vtrack coordinator private key (public key fingerprint \(fingerprint)).
        # Anyone with this file can open applicants' personal data: keep it secret.
        \(Self.fileTag) \(privateKey.rawRepresentation.base64EncodedString())

        """
    }

    /// A key file in clear; one sealed with a passphrase is refused, see `KeyFileContents`.
    public init(fileContents: String) throws {
        switch try KeyFileContents(fileContents) {
        case .plain(let key): self = key
        case .passphraseSealed: throw SealingError.malformedKey("the key is sealed with a passphrase")
        }
    }
}

/// What a key file holds: the key in clear (`vtrack-x25519-private-key-v1`)
/// or sealed with a passphrase (`vtrack-x25519-private-key-scrypt-v1`).
public enum KeyFileContents: Sendable {
    case plain(CoordinatorPrivateKey)
    case passphraseSealed(PassphraseSealedKey)

    public init(_ text: String) throws {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let line = lines.first(where: { !$0.isEmpty && !$0.hasPrefix("#") }) else {
            throw SealingError.malformedKey("the key file holds no key")
        }
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        switch parts.first {
        case Substring(CoordinatorPrivateKey.fileTag)?:
            guard parts.count == 2, let raw = Data(base64Encoded: String(parts[1])), raw.count == 32,
                let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
            else {
                throw SealingError.malformedKey("the key in the file is not 32 bytes of base64")
            }
            self = .plain(CoordinatorPrivateKey(privateKey: key))
        case Substring(PassphraseSealedKey.fileTag)?:
            self = .passphraseSealed(try PassphraseSealedKey(fields: Array(parts.dropFirst())))
        default:
            throw SealingError.malformedKey(
                "not a vtrack key file (expected a line starting with \(CoordinatorPrivateKey.fileTag) or \(PassphraseSealedKey.fileTag))"
            )
        }
    }
}
