import Foundation
import PostgresNIO

/// Where the database is and how to log in, read 12-factor style from the
/// environment: `DATABASE_URL`, or else libpq's `PG*` variables.
public struct DatabaseSettings: Sendable, Equatable {
    /// libpq's `sslmode`s (`allow` is taken as `disable`); what each checks is
    /// in DatabaseTLS.swift.
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The CA certificates that vouch for the server (`sslrootcert`).
    public var rootCertificates: RootCertificates?
    /// How long to wait for a connection before calling the database unreachable.
    public var connectTimeout: Duration = .seconds(5)

    public init(
        host: String = "127.0.0.1", port: Int = 5432, username: String,
        password: String? = nil, database: String? = nil, tls: TLSMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database ?? username
        self.tls = tls
    }

    /// "host:port/database", for messages; never the password.
    public var endpointDescription: String { "\(host):\(port)/\(database)" }

    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(DatabaseSettingsError) -> DatabaseSettings {
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return try DatabaseSettings(url: url, defaultUser: environment["USER"], environment: environment)
        }
        guard let username = environment["PGUSER"] ?? environment["USER"], !username.isEmpty else {
            throw .missing("set DATABASE_URL, or PGUSER and the other PG* variables")
        }
        var settings = DatabaseSettings(username: username)
        if let host = environment["PGHOST"], !host.isEmpty {
            guard !host.hasPrefix("/") else {
                throw .invalid("PGHOST", "Unix socket directories are not supported; use a TCP host such as 127.0.0.1")
            }
            settings.host = host
        }
        if let port = environment["PGPORT"], !port.isEmpty {
            settings.port = try Self.port(port, variable: "PGPORT")
        }
        settings.password = environment["PGPASSWORD"]
        if let database = environment["PGDATABASE"], !database.isEmpty { settings.database = database }
        try settings.configureTLS(TLSSource(environment: environment))
        return settings
    }

    /// `postgres://user:password@host:port/database?sslmode=verify-full&sslrootcert=/path/ca.pem`.
    /// As libpq does, what the URL leaves out comes from `environment`:
    /// the password from PGPASSWORD, `sslmode` from PGSSLMODE, `sslrootcert`
    /// from PGSSLROOTCERT.
    public init(url string: String, defaultUser: String? = nil, environment: [String: String] = [:]) throws(DatabaseSettingsError) {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw .invalid("DATABASE_URL", "expected postgres://user:password@host:port/database")
        }
        guard let username = components.user ?? defaultUser, !username.isEmpty else {
            throw .invalid("DATABASE_URL", "it names no user")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.init(
            host: components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
            port: components.port ?? 5432,
            username: username.removingPercentEncoding ?? username,
            password: (components.password?.removingPercentEncoding ?? components.password)
                ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 },
            database: path.isEmpty ? nil : (path.removingPercentEncoding ?? path)
        )
        if let port = components.port, !(1...65535).contains(port) {
            throw .invalid("DATABASE_URL", "port \(port) is out of range")
        }
        try configureTLS(TLSSource(url: components.queryItems ?? [], environment: environment))
    }

    static func port(_ text: String, variable: String) throws(DatabaseSettingsError) -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw .invalid(variable, "\(text) is not a port number")
        }
        return port
    }

    public func postgresClientConfiguration(_ pool: PoolShape = .onDemand(warm: 0)) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: clientTLS
        )
        configuration.options.connectTimeout = connectTimeout
        configuration.options.additionalStartupParameters = Self.startupParameters
        switch pool {
        case .onDemand(let warm):
            configuration.options.minimumConnections = warm
        case .server(let connections):
            configuration.options.maximumConnections = connections
            configuration.options.connectionIdleTimeout = .seconds(10)
            configuration.options.keepAliveBehavior = nil
        }
        return configuration
    }

    /// vtrack's queries are short and planned fresh each time; PostgreSQL's JIT
    /// compiler, set off by a high cost estimate, spent 595 ms compiling one
    /// that ran in 127 (`availability find` over 100,000 people). The report's
    /// and matching's sorts of tens of thousands of rows fit in 32 MB, not in
    /// the default 4 MB, which sends them to disk.
    static let startupParameters = [("jit", "off"), ("work_mem", "32MB")]

    public func postgresConnectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: try connectionTLS()
        )
        configuration.options.connectTimeout = .nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000)
        return configuration
    }
}

public enum DatabaseSettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(String)
    case invalid(String, String)

    public var description: String {
        switch self {
        case .missing(let what): "no database configured: \(what)"
        case .invalid(let variable, let reason): "\(variable) is invalid: \(reason)"
        }
    }
}

extension DatabaseSettings {
    /// The `postgres://` URL for these settings, as DATABASE_URL takes it.
    public var url: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        components.queryItems = [URLQueryItem(name: "sslmode", value: tls.rawValue)]
        if let rootCertificates {
            components.queryItems?.append(URLQueryItem(name: "sslrootcert", value: rootCertificates.urlValue))
        }
        return components.string!
    }
}

extension DatabaseSettings: CustomReflectable {
    /// Reflection (`dump`, an enclosing error's default text) never shows the password.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "username": username, "database": database, "tls": tls,
                "rootCertificates": rootCertificates?.urlValue ?? "none",
                "password": password == nil ? "none" : "<redacted>",
            ])
    }
}
