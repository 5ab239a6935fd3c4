import Crypto
import Foundation

/// The random key that seals one applicant's personal data and notes
/// (ChaCha20-Poly1305). It is stored only wrapped for coordinators' keys.
public struct DataKey: Sendable {
    let key: SymmetricKey

    public static func random() -> DataKey { DataKey(key: SymmetricKey(size: .bits256)) }

    init(key: SymmetricKey) { self.key = key }

    init(rawBytes: Data) throws {
        guard rawBytes.count == 32 else { throw SealingError.tampered }
        self.key = SymmetricKey(data: rawBytes)
    }

    /// Seals `plaintext` for `context`; the context is authenticated, so a
    /// ciphertext moved to another record no longer opens.
    public func seal(_ plaintext: some DataProtocol, for context: SealingContext) throws -> [UInt8] {
        let box = try ChaChaPoly.seal(Padding.pad(plaintext), using: key, authenticating: context.associatedData)
        return [SealedFormat.version1] + Array(box.combined)
    }

    public func open(_ sealed: [UInt8], for context: SealingContext) throws -> Data {
        guard let version = sealed.first else { throw SealingError.tampered }
        guard version == SealedFormat.version1 else { throw SealingError.unsupportedFormat(version) }
        do {
            let box = try ChaChaPoly.SealedBox(combined: sealed.dropFirst())
            return try Padding.unpad(ChaChaPoly.open(box, using: key, authenticating: context.associatedData))
        } catch {
            throw SealingError.tampered
        }
    }

    /// Wraps this key for one coordinator's public key (HPKE base mode,
    /// X25519 / HKDF-SHA256 / ChaCha20-Poly1305), bound to the applicant.
    public func wrap(for recipient: RecipientKey, applicantID: UUID) throws -> WrappedDataKey {
        let (encapsulated, ciphertext) = try KeyWrapping.seal(
            key.withUnsafeBytes { Data($0) }, for: recipient.publicKey, info: SealedFormat.wrapInfo,
            associatedData: SealedFormat.wrapAssociatedData(applicantID)
        )
        return WrappedDataKey(keyID: recipient.id, encapsulatedKey: encapsulated, ciphertext: ciphertext)
    }

    /// The data key in `wrapped`, opened with the private key it was wrapped for.
    static func unwrap(
        _ wrapped: WrappedDataKey, with privateKey: Curve25519.KeyAgreement.PrivateKey, applicantID: UUID
    ) throws -> DataKey {
        try DataKey(
            rawBytes: KeyWrapping.open(
                encapsulatedKey: wrapped.encapsulatedKey, ciphertext: wrapped.ciphertext, with: privateKey,
                info: SealedFormat.wrapInfo, associatedData: SealedFormat.wrapAssociatedData(applicantID)
            ))
    }
}

/// What a sealed value belongs to.
public enum SealingContext: Sendable {
    case personalData(applicantID: UUID)
    case note(noteID: UUID)
    case message(messageID: UUID)

    var associatedData: Data {
        switch self {
        case .personalData(let id): Data("vtrack/v1/personal-data/\(id.uuidString.lowercased())".utf8)
        case .note(let id): Data("vtrack/v1/note/\(id.uuidString.lowercased())".utf8)
        case .message(let id): Data("vtrack/v1/message/\(id.uuidString.lowercased())".utf8)
        }
    }
}

/// A key wrapped (HPKE) for one recipient key, whose id is `keyID`.
public struct WrappedKey: Sendable, Equatable {
    public let keyID: UUID
    public let encapsulatedKey: [UInt8]
    public let ciphertext: [UInt8]

    public init(keyID: UUID, encapsulatedKey: [UInt8], ciphertext: [UInt8]) {
        self.keyID = keyID
        self.encapsulatedKey = encapsulatedKey
        self.ciphertext = ciphertext
    }
}

/// HPKE base mode (X25519 / HKDF-SHA256 / ChaCha20-Poly1305) around a key:
/// a data key for a coordinator's or the organisation's key, or the
/// organisation's private key for a coordinator's.
/// A data key wrapped for one registered coordinator key, or for the
/// organisation key (then `keyID` is the organisation key's id).
public typealias WrappedDataKey = WrappedKey
/// The organisation's private key wrapped for one coordinator key.
public typealias WrappedOrganisationKey = WrappedKey

enum KeyWrapping {
    static func seal(
        _ bytes: Data, for publicKey: Curve25519.KeyAgreement.PublicKey, info: Data, associatedData: Data
    ) throws -> (encapsulatedKey: [UInt8], ciphertext: [UInt8]) {
        var sender = try HPKE.Sender(recipientKey: publicKey, ciphersuite: SealedFormat.suite, info: info)
        let ciphertext = try sender.seal(bytes, authenticating: associatedData)
        return (Array(sender.encapsulatedKey), Array(ciphertext))
    }

    /// `SealingError.wrongKey` when the key or the associated data is not the one sealed for.
    static func open(
        encapsulatedKey: [UInt8], ciphertext: [UInt8], with privateKey: Curve25519.KeyAgreement.PrivateKey,
        info: Data, associatedData: Data
    ) throws -> Data {
        do {
            var recipient = try HPKE.Recipient(
                privateKey: privateKey, ciphersuite: SealedFormat.suite, info: info, encapsulatedKey: Data(encapsulatedKey)
            )
            return try recipient.open(ciphertext, authenticating: associatedData)
        } catch {
            throw SealingError.wrongKey
        }
    }
}

enum SealedFormat {
    static let version1: UInt8 = 1
    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    static let wrapInfo = Data("vtrack/v1/data-key".utf8)
    static let organisationKeyInfo = Data("vtrack/v1/organisation-key".utf8)

    /// Binds a wrapped organisation key to its public half, so that a wrap
    /// moved to another organisation key's row does not open.
    static func organisationKeyAssociatedData(_ publicKey: Curve25519.KeyAgreement.PublicKey) -> Data {
        Data("vtrack/v1/organisation-key/".utf8) + publicKey.rawRepresentation
    }

    static func wrapAssociatedData(_ applicantID: UUID) -> Data {
        Data("vtrack/v1/applicant/\(applicantID.uuidString.lowercased())".utf8)
    }
}

/// Pads to a multiple of 256 bytes (ISO/IEC 7816-4: 0x80 then zeros), so
/// that a ciphertext's length says little about a name's or a text's length.
enum Padding {
    static let block = 256

    static func pad(_ data: some DataProtocol) -> Data {
        var padded = Data(data)
        padded.append(0x80)
        let remainder = padded.count % block
        if remainder != 0 { padded.append(contentsOf: repeatElement(0, count: block - remainder)) }
        return padded
    }

    static func unpad(_ data: Data) throws -> Data {
        guard let marker = data.lastIndex(where: { $0 != 0 }), data[marker] == 0x80 else { throw SealingError.tampered }
        return data[data.startIndex..<marker]
    }
}
