import Crypto

/// A new login's password, generated here (256 bits, hex), and the SCRAM
/// verifier that is all the database is sent.
public struct LoginPassword: Sendable {
    public let password: String
    public let verifier: String

    public static func generate() throws -> LoginPassword {
        let password = SymmetricKey(size: .bits256).withUnsafeBytes { $0.hexString }
        return LoginPassword(password: password, verifier: try SCRAMVerifier.make(password: password))
    }
}
