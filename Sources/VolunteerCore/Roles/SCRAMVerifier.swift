import Crypto
import Foundation
import _CryptoExtras

/// What PostgreSQL stores for a SCRAM-SHA-256 password (RFC 5802, RFC 7677):
/// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, all base64.
/// `CREATE ROLE … PASSWORD` takes it as it is, so the statement never holds
/// the password, and a failing one, which PostgreSQL logs with its text,
/// logs none.
public enum SCRAMVerifier {
    /// PostgreSQL's own choice (`scram_iterations`' default).
    public static let iterations = 4096

    public static func make(password: String, salt: [UInt8] = randomSalt(), iterations: Int = iterations) throws -> String {
        // PostgreSQL runs SASLprep first; our generated passwords are ASCII
        // letters and digits, which it leaves as they are.
        let salted = try KDF.Insecure.PBKDF2.deriveKey(
            from: Data(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: iterations
        )
        let clientKey = Data(HMAC<SHA256>.authenticationCode(for: Data("Client Key".utf8), using: salted))
        let serverKey = Data(HMAC<SHA256>.authenticationCode(for: Data("Server Key".utf8), using: salted))
        let storedKey = Data(SHA256.hash(data: clientKey))
        return
            "SCRAM-SHA-256$\(iterations):\(Data(salt).base64EncodedString())$\(storedKey.base64EncodedString()):\(serverKey.base64EncodedString())"
    }

    public static func randomSalt() -> [UInt8] {
        [UInt8](SymmetricKey(size: .init(bitCount: 128)).withUnsafeBytes { Data($0) })
    }
}
