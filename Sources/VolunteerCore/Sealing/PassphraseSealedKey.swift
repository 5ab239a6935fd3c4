import Crypto
import Foundation
import _CryptoExtras

/// A coordinator's private key sealed with a passphrase, as a key file holds
/// it: scrypt turns the passphrase into a key (memory-hard, so guessing
/// costs the same memory per guess), which seals the 32 raw key bytes with
/// ChaCha20-Poly1305. The line's header (format, cost, salt) is the
/// associated data, so a file whose cost was lowered does not open.
public struct PassphraseSealedKey: Sendable, Equatable {
    public let cost: ScryptCost
    public let salt: [UInt8]
    /// Nonce, ciphertext and tag.
    public let sealed: [UInt8]

    static let fileTag = "vtrack-x25519-private-key-scrypt-v1"

    public static func seal(_ key: CoordinatorPrivateKey, passphrase: String, cost: ScryptCost = .standard) throws -> PassphraseSealedKey {
        let salt = [UInt8](SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
        let header = Self.header(cost: cost, salt: salt)
        let box = try ChaChaPoly.seal(
            key.privateKey.rawRepresentation, using: try cost.derive(passphrase, salt: salt), authenticating: Data(header.utf8)
        )
        return PassphraseSealedKey(cost: cost, salt: salt, sealed: [UInt8](box.combined))
    }

    /// Refuses a cost below `weakest`: a file someone weakened, or wrote
    /// with a tool that guards the key less than vtrack does.
    public func open(passphrase: String, weakest: ScryptCost = .weakestAccepted) throws -> CoordinatorPrivateKey {
        try cost.check(weakest: weakest)
        let raw: Data
        do {
            let box = try ChaChaPoly.SealedBox(combined: sealed)
            raw = try ChaChaPoly.open(
                box, using: try cost.derive(passphrase, salt: salt), authenticating: Data(Self.header(cost: cost, salt: salt).utf8))
        } catch {
            throw KeyPassphraseError.wrongPassphrase
        }
        guard let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw) else {
            throw SealingError.malformedKey("the sealed key is not an X25519 key")
        }
        return CoordinatorPrivateKey(privateKey: key)
    }

    public func fileContents(fingerprint: String) -> String {
        """
        # vtrack coordinator private key (public key fingerprint \(fingerprint)), sealed with a passphrase.
        # With the passphrase, anyone with this file can open applicants' personal data: keep both secret.
        \(Self.header(cost: cost, salt: salt)) \(Data(sealed).base64EncodedString())

        """
    }

    static func header(cost: ScryptCost, salt: [UInt8]) -> String {
        "\(fileTag) \(cost.n) \(cost.r) \(cost.p) \(Data(salt).base64EncodedString())"
    }

    /// The fields after the tag: `N r p <salt> <sealed>`.
    init(fields: [Substring]) throws {
        guard fields.count == 5, let n = Int(fields[0]), let r = Int(fields[1]), let p = Int(fields[2]),
            let salt = Data(base64Encoded: String(fields[3])), salt.count >= 16,
            let sealed = Data(base64Encoded: String(fields[4])), sealed.count == 12 + 32 + 16
        else {
            throw SealingError.malformedKey("expected `\(Self.fileTag) N r p SALT SEALED`")
        }
        self.init(cost: try ScryptCost(n: n, r: r, p: p), salt: [UInt8](salt), sealed: [UInt8](sealed))
    }

    init(cost: ScryptCost, salt: [UInt8], sealed: [UInt8]) {
        self.cost = cost
        self.salt = salt
        self.sealed = sealed
    }
}

/// scrypt's cost: N (a power of two), r and p, and the memory they take, 128·N·r·p bytes.
public struct ScryptCost: Sendable, Equatable, CustomStringConvertible {
    public let n: Int
    public let r: Int
    public let p: Int

    /// 128 MiB; see the README for what it takes on a small machine.
    public static let standard = try! ScryptCost(n: 1 << 17, r: 8, p: 1)
    /// 16 MiB: the least a key file may ask for.
    public static let weakestAccepted = try! ScryptCost(n: 1 << 14, r: 8, p: 1)
    /// A file may not make vtrack take more than 1 GiB.
    static let mostMemory = 1 << 30

    public init(n: Int, r: Int, p: Int) throws {
        guard n > 1, n.nonzeroBitCount == 1, (1...32).contains(r), (1...16).contains(p), n <= Self.mostMemory / (128 * r * p) else {
            throw SealingError.malformedKey("scrypt cost N=\(n) r=\(r) p=\(p) is not a power-of-two N within 1 GiB")
        }
        (self.n, self.r, self.p) = (n, r, p)
    }

    public var memoryBytes: Int { 128 * n * r * p }
    public var description: String { "N=\(n) r=\(r) p=\(p)" }

    func check(weakest: ScryptCost) throws {
        guard memoryBytes >= weakest.memoryBytes, n >= weakest.n else { throw KeyPassphraseError.tooWeak(self, weakest: weakest) }
    }

    func derive(_ passphrase: String, salt: [UInt8]) throws -> SymmetricKey {
        try KDF.Scrypt.deriveKey(
            from: Data(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: n, blockSize: r, parallelism: p,
            maxMemory: memoryBytes + (1 << 20)
        )
    }
}

public enum KeyPassphraseError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongPassphrase
    case tooWeak(ScryptCost, weakest: ScryptCost)

    public var description: String {
        switch self {
        case .wrongPassphrase: "wrong passphrase"
        case .tooWeak(let cost, let weakest):
            "its passphrase is guarded by scrypt \(cost), weaker than the least vtrack accepts (\(weakest))"
        }
    }
}
