import Crypto
import Foundation

/// A message as stored: its text sealed under a key of its own, and that key
/// wrapped (HPKE, as data keys are) for the application's inbox key and for
/// the organisation key. Either private key opens it; the server, which
/// holds neither, can only seal.
public struct SealedMessage: Sendable {
    public let id: UUID
    public let sealed: [UInt8]
    /// For the inbox key (`keyID` is unused: an application has one).
    public let inboxKey: WrappedKey
    /// For the organisation key; `keyID` is its id.
    public let organisationKey: WrappedKey

    public init(id: UUID, sealed: [UInt8], inboxKey: WrappedKey, organisationKey: WrappedKey) {
        self.id = id
        self.sealed = sealed
        self.inboxKey = inboxKey
        self.organisationKey = organisationKey
    }

    /// Seals `text` for the application's inbox and the organisation.
    public init(text: String, id: UUID = UUID(), inbox: InboxPublicKey, organisation: RecipientKey) throws {
        let messageKey = DataKey.random()
        let raw = messageKey.key.withUnsafeBytes { Data($0) }
        let associatedData = SealedFormat.messageAssociatedData(id)
        let forInbox = try KeyWrapping.seal(raw, for: inbox.publicKey, info: SealedFormat.messageKeyInfo, associatedData: associatedData)
        let forOrganisation = try KeyWrapping.seal(
            raw, for: organisation.publicKey, info: SealedFormat.messageKeyInfo, associatedData: associatedData
        )
        self.init(
            id: id, sealed: try messageKey.seal(Data(text.utf8), for: .message(messageID: id)),
            inboxKey: WrappedKey(keyID: id, encapsulatedKey: forInbox.encapsulatedKey, ciphertext: forInbox.ciphertext),
            organisationKey: WrappedKey(
                keyID: organisation.id, encapsulatedKey: forOrganisation.encapsulatedKey, ciphertext: forOrganisation.ciphertext)
        )
    }

    /// The text of a message, opened with the inbox key derived from the
    /// status token, from the message key's wrap for it.
    public static func open(_ sealed: [UInt8], id: UUID, wrapped: WrappedKey, with inbox: InboxPrivateKey) throws -> String {
        try open(sealed, id: id, wrapped: wrapped, with: inbox.privateKey)
    }

    /// The text of a message, opened with the organisation key its key is wrapped for.
    public static func open(_ sealed: [UInt8], id: UUID, wrapped: WrappedKey, with organisation: OrganisationPrivateKey) throws -> String {
        try open(sealed, id: id, wrapped: wrapped, with: organisation.privateKey)
    }

    /// A message key's wrap for `organisation`, wrapped again for another
    /// organisation key (after a rotation).
    public static func rewrap(
        _ wrapped: WrappedKey, id: UUID, from organisation: OrganisationPrivateKey, to target: RecipientKey
    ) throws -> WrappedKey {
        let raw = try KeyWrapping.open(
            encapsulatedKey: wrapped.encapsulatedKey, ciphertext: wrapped.ciphertext, with: organisation.privateKey,
            info: SealedFormat.messageKeyInfo, associatedData: SealedFormat.messageAssociatedData(id)
        )
        let rewrapped = try KeyWrapping.seal(
            raw, for: target.publicKey, info: SealedFormat.messageKeyInfo, associatedData: SealedFormat.messageAssociatedData(id)
        )
        return WrappedKey(keyID: target.id, encapsulatedKey: rewrapped.encapsulatedKey, ciphertext: rewrapped.ciphertext)
    }

    private static func open(
        _ sealed: [UInt8], id: UUID, wrapped: WrappedKey, with privateKey: Curve25519.KeyAgreement.PrivateKey
    ) throws -> String {
        let raw = try KeyWrapping.open(
            encapsulatedKey: wrapped.encapsulatedKey, ciphertext: wrapped.ciphertext, with: privateKey,
            info: SealedFormat.messageKeyInfo, associatedData: SealedFormat.messageAssociatedData(id)
        )
        let text = try DataKey(rawBytes: raw).open(sealed, for: .message(messageID: id))
        guard let string = String(data: text, encoding: .utf8) else { throw SealingError.tampered }
        return string
    }
}

extension SealedFormat {
    static let messageKeyInfo = Data("vtrack/v1/message-key".utf8)

    /// Binds a message key's wraps to the message, so that a wrap moved to
    /// another message's row does not open.
    static func messageAssociatedData(_ messageID: UUID) -> Data {
        Data("vtrack/v1/message/\(messageID.uuidString.lowercased())".utf8)
    }
}
