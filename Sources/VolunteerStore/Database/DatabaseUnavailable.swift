import Foundation
import NIOSSL
import PostgresNIO

/// The database could not be reached or refused to let us in. Its message
/// names host, port and the cause, and never the password.
public struct DatabaseUnavailable: Error, Sendable, CustomStringConvertible {
    public let endpoint: String
    public let cause: String

    public init(endpoint: String, cause: String) {
        self.endpoint = endpoint
        self.cause = cause
    }

    public init(settings: DatabaseSettings, error: any Error) {
        self.init(endpoint: settings.endpointDescription, cause: Self.cause(of: error, settings: settings))
    }

    public var description: String { "cannot use the database at \(endpoint): \(cause)" }

    static func cause(of error: any Error, settings: DatabaseSettings) -> String {
        switch error {
        case let timeout as TimeoutError:
            return "no answer within \(timeout.duration.components.seconds) seconds"
        case let psql as PSQLError:
            if let message = psql.serverInfo?[.message] {
                return message
            }
            if psql.code == .sslUnsupported {
                return "the server does not offer TLS, and sslmode=\(settings.tls.rawValue) requires it"
            }
            if let underlying = psql.underlying {
                return cause(of: underlying, settings: settings)
            }
            return psql.code.description
        case let io as IOError:
            return io.errnoCode == ECONNREFUSED ? "connection refused (is PostgreSQL running on port \(settings.port)?)" : "\(io)"
        case let connection as NIOConnectionError:
            if let dns = connection.dnsAAAAError ?? connection.dnsAError {
                return "cannot resolve host \(connection.host): \(dns)"
            }
            if let first = connection.connectionErrors.first {
                return cause(of: first.error, settings: settings)
            }
            return "cannot connect to \(connection.host):\(connection.port)"
        case let tls as NIOSSLError:
            if case .handshakeFailed = tls, let roots = settings.rootCertificates {
                return
                    "the server's TLS certificate is not signed by a CA in sslrootcert (\(roots.urlValue)), or TLS could not be agreed: \(tls)"
            }
            return "TLS failed: \(tls)"
        case let tls as NIOSSLExtraError where tls == .failedToValidateHostname:
            return "the server's TLS certificate is not for \(settings.host) (sslmode=verify-full checks the name connected to)"
        case let channel as ChannelError:
            if case .connectTimeout = channel {
                return "no answer within \(settings.connectTimeout.components.seconds) seconds"
            }
            return "\(channel)"
        default:
            return String(describing: error)
        }
    }
}
