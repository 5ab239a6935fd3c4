import Foundation
import NIOCore
import VolunteerCore

/// Where the HTTP server listens: `VTRACK_HTTP_HOST` and `VTRACK_HTTP_PORT`,
/// overridable on the command line.
public struct ServerSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// Origins allowed by CORS (the website with the form): `VTRACK_ALLOWED_ORIGINS`.
    public var allowedOrigins: Set<String> = []
    /// Peers whose `X-Forwarded-For` is believed: `VTRACK_TRUSTED_PROXIES`.
    public var trustedProxies: Set<String> = []
    /// Writes per minute per client (`VTRACK_RATE_LIMIT_PER_CLIENT`) and per
    /// second for all (`VTRACK_RATE_LIMIT_GLOBAL`); 0 turns a limit off.
    public var writesPerClientPerMinute = 10
    public var writesPerSecond = 100
    /// Reads of an application's status by token, per minute per client:
    /// `VTRACK_RATE_LIMIT_STATUS_PER_CLIENT`; 0 turns it off.
    public var statusReadsPerClientPerMinute = 30
    /// At most this many connections to PostgreSQL: `VTRACK_DATABASE_CONNECTIONS`.
    public var databaseConnections = 10
    /// A request head must be complete this long after the connection opens,
    /// or after its first byte on a kept-alive one: `VTRACK_HTTP_HEADER_TIMEOUT`.
    /// Long enough for a client on Tor, whose round trips take seconds.
    public var headerTimeout: Duration = .seconds(10)
    /// A connection with no request for this long is closed, and so is one
    /// whose body stops arriving: `VTRACK_HTTP_IDLE_TIMEOUT`.
    public var idleTimeout: Duration = .seconds(30)
    /// Where Prometheus scrapes `/metrics`: `VTRACK_METRICS_ADDRESS`
    /// (`host:port`, or `off` for nil). From the environment, loopback by
    /// default: the figures are for the operators, not the public. Settings
    /// made in code (tests run many servers at once) have none unless given one.
    public var metricsAddress: MetricsAddress?
    /// The applicants' own pages (positions, the form, the status page):
    /// `VTRACK_PAGES` (`on`, the default, or `off` for an API-only server).
    public var pages = true
    /// How often the server erases the applicants the retention policy makes
    /// due: `VTRACK_RETENTION_INTERVAL` (seconds, or `off` for nil). Hourly
    /// from the environment; settings made in code have none unless given one.
    public var retentionInterval: Duration?

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }

    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ServerSettingsError) -> ServerSettings {
        var settings = ServerSettings()
        if let host = environment["VTRACK_HTTP_HOST"], !host.isEmpty { settings.host = host }
        if let text = environment["VTRACK_HTTP_PORT"], !text.isEmpty {
            guard let port = Int(text), (0...65535).contains(port) else {
                throw .invalidPort(variable: "VTRACK_HTTP_PORT", text)
            }
            settings.port = port
        }
        if let text = environment["VTRACK_ALLOWED_ORIGINS"], !text.isEmpty {
            for origin in Self.list(text) {
                guard origin.wholeMatch(of: /https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?/) != nil else {
                    throw .invalidList(variable: "VTRACK_ALLOWED_ORIGINS", rule: "origins like https://example.org, comma-separated")
                }
                settings.allowedOrigins.insert(origin)
            }
        }
        if let text = environment["VTRACK_TRUSTED_PROXIES"], !text.isEmpty {
            for address in Self.list(text) {
                guard (try? SocketAddress(ipAddress: address, port: 0)) != nil else {
                    throw .invalidList(variable: "VTRACK_TRUSTED_PROXIES", rule: "IP addresses, comma-separated")
                }
                settings.trustedProxies.insert(address)
            }
        }
        settings.writesPerClientPerMinute = try Self.count("VTRACK_RATE_LIMIT_PER_CLIENT", environment) ?? settings.writesPerClientPerMinute
        settings.writesPerSecond = try Self.count("VTRACK_RATE_LIMIT_GLOBAL", environment) ?? settings.writesPerSecond
        settings.statusReadsPerClientPerMinute =
            try Self.count("VTRACK_RATE_LIMIT_STATUS_PER_CLIENT", environment)
            ?? settings.statusReadsPerClientPerMinute
        if let text = environment["VTRACK_DATABASE_CONNECTIONS"], !text.isEmpty {
            guard let count = Int(text), (1...100).contains(count) else {
                throw .invalidList(variable: "VTRACK_DATABASE_CONNECTIONS", rule: "a whole number from 1 to 100")
            }
            settings.databaseConnections = count
        }
        settings.metricsAddress = MetricsAddress.loopback
        if let text = environment["VTRACK_METRICS_ADDRESS"], !text.isEmpty {
            settings.metricsAddress = try MetricsAddress.parse(text)
        }
        settings.headerTimeout = try Self.seconds("VTRACK_HTTP_HEADER_TIMEOUT", environment) ?? settings.headerTimeout
        settings.retentionInterval = .seconds(3600)
        if let text = environment["VTRACK_RETENTION_INTERVAL"], !text.isEmpty {
            if text == "off" {
                settings.retentionInterval = nil
            } else {
                guard let value = Int(text), (1...604_800).contains(value) else {
                    throw .invalidList(variable: "VTRACK_RETENTION_INTERVAL", rule: "a whole number of seconds from 1 to 604800, or off")
                }
                settings.retentionInterval = .seconds(value)
            }
        }
        settings.idleTimeout = try Self.seconds("VTRACK_HTTP_IDLE_TIMEOUT", environment) ?? settings.idleTimeout
        switch environment["VTRACK_PAGES"] ?? "" {
        case "", "on": settings.pages = true
        case "off": settings.pages = false
        default: throw .invalidList(variable: "VTRACK_PAGES", rule: "on or off")
        }
        return settings
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func seconds(_ variable: String, _ environment: [String: String]) throws(ServerSettingsError) -> Duration? {
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let value = Int(text), (1...3600).contains(value) else {
            throw .invalidList(variable: variable, rule: "a whole number of seconds from 1 to 3600")
        }
        return .seconds(value)
    }

    private static func count(_ variable: String, _ environment: [String: String]) throws(ServerSettingsError) -> Int? {
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let value = Int(text), (0...1_000_000).contains(value) else {
            throw .invalidList(variable: variable, rule: "a whole number from 0 (off) to 1000000")
        }
        return value
    }
}

/// A listener's address: `127.0.0.1:9464`, `[::1]:9464`.
public struct MetricsAddress: Sendable, Equatable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    static let variable = "VTRACK_METRICS_ADDRESS"
    public static let loopback = MetricsAddress(host: "127.0.0.1", port: 9464)

    /// `off` is nil: no metrics listener.
    static func parse(_ text: String) throws(ServerSettingsError) -> MetricsAddress? {
        if text == "off" { return nil }
        let invalid = ServerSettingsError.invalidList(variable: variable, rule: "host:port (such as 127.0.0.1:9464 or [::1]:9464), or off")
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw invalid
        }
        var host = text[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, !host.contains(where: { $0 == "[" || $0 == "]" || $0 == "/" || $0 == " " }) else { throw invalid }
        return MetricsAddress(host: String(host), port: port)
    }
}

/// The server's secret for the e-mail blind index, `VTRACK_BLIND_INDEX_KEY`:
/// required, because applications without it could not be matched later.
public enum BlindIndexSetting {
    public static let variable = "VTRACK_BLIND_INDEX_KEY"

    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ServerSettingsError) -> BlindIndex {
        guard let text = environment[variable], !text.isEmpty else { throw .missingBlindIndexKey }
        do {
            return try BlindIndex(encodedKey: text)
        } catch {
            throw .invalidBlindIndexKey(error.description)
        }
    }
}

public enum ServerSettingsError: Error, Equatable, CustomStringConvertible {
    case invalidPort(variable: String, String)
    case missingBlindIndexKey
    case invalidBlindIndexKey(String)
    case invalidList(variable: String, rule: String)

    public var description: String {
        switch self {
        case .invalidPort(let variable, let text):
            "\(variable) is invalid: \(text) is not a port number"
        case .missingBlindIndexKey:
            "\(BlindIndexSetting.variable) is not set: it keys the hash that spots duplicate e-mails; generate one with `openssl rand -base64 32`, keep it with the server's secrets and never change it (earlier applicants would no longer match)"
        case .invalidBlindIndexKey(let reason):
            "\(BlindIndexSetting.variable) is invalid: \(reason)"
        case .invalidList(let variable, let rule):
            "\(variable) is invalid: it takes \(rule)"
        }
    }
}
