import Foundation
import VolunteerCore

/// Where the HTTP server listens: `VTRACK_HTTP_HOST` and `VTRACK_HTTP_PORT`,
/// overridable on the command line.
public struct ServerSettings: Sendable, Equatable {
    public var host: String
    public var port: Int

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
        return settings
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

    public var description: String {
        switch self {
        case .invalidPort(let variable, let text):
            "\(variable) is invalid: \(text) is not a port number"
        case .missingBlindIndexKey:
            "\(BlindIndexSetting.variable) is not set: it keys the hash that spots duplicate e-mails; generate one with `openssl rand -base64 32`, keep it with the server's secrets and never change it (earlier applicants would no longer match)"
        case .invalidBlindIndexKey(let reason):
            "\(BlindIndexSetting.variable) is invalid: \(reason)"
        }
    }
}
