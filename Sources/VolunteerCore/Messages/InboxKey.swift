import Crypto
import Foundation

/// An application's inbox key pair, derived from its status token (HKDF-SHA256
/// to an X25519 key): whoever holds the token can derive the private half,
/// and nobody else can, so the database keeps only the public half. The
/// server derives it for the one request that carries the token and keeps
/// nothing.
public struct InboxPrivateKey: Sendable {
    let privateKey: Curve25519.KeyAgreement.PrivateKey

    static let salt = Data("vtrack/v1/inbox-key".utf8)

    /// `statusToken` as the applicant was given it (43 characters of base64url).
    public init(statusToken: String) {
        let derived = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(statusToken.utf8)), salt: Self.salt, info: Data(), outputByteCount: 32
        )
        // Any 32 bytes are an X25519 private key (the scalar is clamped when used).
        self.privateKey = derived.withUnsafeBytes { try! Curve25519.KeyAgreement.PrivateKey(rawRepresentation: $0) }
    }

    public var publicKey: InboxPublicKey { InboxPublicKey(publicKey: privateKey.publicKey) }
}

/// The public half, as the database keeps it for an application.
public struct InboxPublicKey: Sendable, Equatable {
    let publicKey: Curve25519.KeyAgreement.PublicKey

    init(publicKey: Curve25519.KeyAgreement.PublicKey) {
        self.publicKey = publicKey
    }

    public init(rawRepresentation: [UInt8]) throws {
        guard let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: rawRepresentation) else {
            throw SealingError.malformedKey("an inbox key is 32 bytes")
        }
        self.publicKey = key
    }

    public var rawRepresentation: [UInt8] { Array(publicKey.rawRepresentation) }

    public static func == (lhs: InboxPublicKey, rhs: InboxPublicKey) -> Bool {
        lhs.publicKey.rawRepresentation == rhs.publicKey.rawRepresentation
    }
}
