import Foundation
import NIOSSL
import PostgresNIO

/// TLS to PostgreSQL, with libpq's meaning of each `sslmode`:
///
/// - `disable` (and `allow`): no TLS.
/// - `prefer`: TLS if the server offers it. Nothing is verified, and whoever
///   sits between can answer "no TLS" and read everything: not for a network.
/// - `require`: TLS or no connection; the certificate is checked against the
///   CA file if one is given (as libpq does), else not at all.
/// - `verify-ca`: TLS, and the server's certificate must chain to the CA file.
/// - `verify-full`: that, and the certificate must name the host connected
///   to (a DNS name, or the IP address when the host is one).
extension DatabaseSettings {
    /// `sslrootcert`: a PEM file of CA certificates, read with the settings
    /// (so a missing or unreadable file is a configuration error, not a
    /// failure at the first connection), or `system`, the machine's own store.
    public enum RootCertificates: Sendable, Equatable {
        case file(path: String, certificates: [NIOSSLCertificate])
        case system

        var urlValue: String {
            switch self {
            case .file(let path, _): path
            case .system: "system"
            }
        }
    }

    /// Where `sslmode` and `sslrootcert` came from, for messages.
    struct TLSSource {
        var mode: (text: String, origin: String)?
        var rootCertificate: (text: String, origin: String)?

        /// libpq's variables.
        init(environment: [String: String]) {
            if let text = environment["PGSSLMODE"], !text.isEmpty { mode = (text, "PGSSLMODE") }
            if let text = environment["PGSSLROOTCERT"], !text.isEmpty { rootCertificate = (text, "PGSSLROOTCERT") }
        }

        /// A URL's parameters, then the variables for what it leaves out.
        init(url items: [URLQueryItem], environment: [String: String]) {
            self.init(environment: environment)
            for item in items {
                switch item.name {
                case "sslmode": mode = (item.value ?? "", "DATABASE_URL's sslmode")
                case "sslrootcert": rootCertificate = (item.value ?? "", "DATABASE_URL's sslrootcert")
                default: break
                }
            }
        }
    }

    mutating func configureTLS(_ source: TLSSource) throws(DatabaseSettingsError) {
        if let (text, origin) = source.mode {
            switch text {
            case "disable", "allow": tls = .disable
            default:
                guard let mode = TLSMode(rawValue: text) else {
                    throw .invalid(origin, "unknown sslmode \(text) (disable, prefer, require, verify-ca or verify-full)")
                }
                tls = mode
            }
        }
        guard tls != .disable, let (text, origin) = source.rootCertificate, !text.isEmpty else {
            rootCertificates = nil
            if tls == .verifyCA || tls == .verifyFull {
                throw .invalid(
                    source.mode?.origin ?? "sslmode",
                    "sslmode=\(tls.rawValue) checks the server's certificate against a CA certificate file: "
                        + "give its path as sslrootcert=/path/ca.pem in DATABASE_URL, or in PGSSLROOTCERT"
                )
            }
            return
        }
        if text == "system" {
            // Public CAs vouch for host names, and anyone can get one for theirs.
            guard tls == .verifyFull else {
                throw .invalid(
                    origin,
                    "sslrootcert=system trusts every public CA, so it is safe only with sslmode=verify-full, which also checks the host name"
                )
            }
            rootCertificates = .system
        } else {
            rootCertificates = .file(path: text, certificates: try Self.loadCertificates(text, origin: origin))
        }
    }

    static func loadCertificates(_ path: String, origin: String) throws(DatabaseSettingsError) -> [NIOSSLCertificate] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .invalid(origin, "the CA certificate file \(path) does not exist")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .invalid(origin, "the CA certificate file \(path) cannot be read by this user")
        }
        let certificates = try? NIOSSLCertificate.fromPEMFile(path)
        guard let certificates, !certificates.isEmpty else {
            throw .invalid(origin, "\(path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        return certificates
    }

    var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch (tls, rootCertificates) {
        case (.verifyFull, _):
            configuration.certificateVerification = .fullVerification
        case (.verifyCA, _), (_, .some):
            configuration.certificateVerification = .noHostnameVerification
        case (.disable, _), (.prefer, nil), (.require, nil):
            configuration.certificateVerification = .none
        }
        switch rootCertificates {
        case .file(_, let certificates): configuration.trustRoots = .certificates(certificates)
        case .system, nil: configuration.trustRoots = .default
        }
        return configuration
    }

    var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration)
        case .require, .verifyCA, .verifyFull: .require(tlsConfiguration)
        }
    }

    func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration))
        case .require, .verifyCA, .verifyFull: .require(try NIOSSLContext(configuration: tlsConfiguration))
        }
    }
}
