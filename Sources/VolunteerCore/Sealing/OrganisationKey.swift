import Crypto
import Foundation

/// The organisation's private key, as a coordinator holds it while a command
/// runs: it opens every data key the server sealed for its public half. The
/// database keeps it only wrapped for coordinators' keys.
public struct OrganisationPrivateKey: Sendable {
    let privateKey: Curve25519.KeyAgreement.PrivateKey

    public static func generate() -> OrganisationPrivateKey {
        OrganisationPrivateKey(privateKey: .init())
    }

    init(privateKey: Curve25519.KeyAgreement.PrivateKey) {
        self.privateKey = privateKey
    }

    public var publicKey: Curve25519.KeyAgreement.PublicKey { privateKey.publicKey }
    public var fingerprint: String { KeyFingerprint.of(publicKey) }

    /// Wraps this private key for a coordinator's key, bound to this key's public half.
    public func wrap(for coordinator: RecipientKey) throws -> WrappedOrganisationKey {
        let (encapsulated, ciphertext) = try KeyWrapping.seal(
            privateKey.rawRepresentation, for: coordinator.publicKey, info: SealedFormat.organisationKeyInfo,
            associatedData: SealedFormat.organisationKeyAssociatedData(publicKey)
        )
        return WrappedOrganisationKey(keyID: coordinator.id, encapsulatedKey: encapsulated, ciphertext: ciphertext)
    }

    /// Opens the organisation key whose public half is `publicKey` with a
    /// coordinator's key; `SealingError.wrongKey` if it was not wrapped for it.
    public init(
        publicKey: Curve25519.KeyAgreement.PublicKey, unwrapping wrapped: WrappedOrganisationKey, with coordinator: CoordinatorPrivateKey
    ) throws {
        let raw = try KeyWrapping.open(
            encapsulatedKey: wrapped.encapsulatedKey, ciphertext: wrapped.ciphertext, with: coordinator.privateKey,
            info: SealedFormat.organisationKeyInfo, associatedData: SealedFormat.organisationKeyAssociatedData(publicKey)
        )
        guard let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw),
            key.publicKey.rawRepresentation == publicKey.rawRepresentation
        else { throw SealingError.tampered }
        self.init(privateKey: key)
    }

    public func unwrap(_ wrapped: WrappedDataKey, applicantID: UUID) throws -> DataKey {
        try DataKey.unwrap(wrapped, with: privateKey, applicantID: applicantID)
    }
}
