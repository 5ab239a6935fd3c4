import Crypto
import Foundation

/// What the database keeps of a status token: its SHA-256, which opens the
/// application for whoever shows the token but gives neither the token nor
/// the inbox key derived from it.
public enum StatusTokenHash {
    public static func of(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }
}
