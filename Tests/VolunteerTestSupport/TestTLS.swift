import Foundation

/// The certificates scripts/test made for its cluster's TLS
/// (scripts/lib/tls.sh): `ca.crt` signed the server's certificate, which
/// names `localhost` only; `other-ca.crt` signed nothing of it.
public enum TestTLS {
    public static func file(_ name: String) throws -> String {
        guard let folder = ProcessInfo.processInfo.environment["VTRACK_TEST_TLS_DIR"] else {
            throw MissingTestTLS()
        }
        return URL(fileURLWithPath: folder).appendingPathComponent(name).path
    }

    public static var authority: String { get throws { try file("ca.crt") } }
    public static var otherAuthority: String { get throws { try file("other-ca.crt") } }
}

public struct MissingTestTLS: Error, CustomStringConvertible {
    public var description: String {
        "VTRACK_TEST_TLS_DIR is not set: run the tests with scripts/test, which turns TLS on in its throwaway PostgreSQL"
    }
}
