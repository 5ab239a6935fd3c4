import Foundation

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

public enum ServerSettingsError: Error, Equatable, CustomStringConvertible {
    case invalidPort(variable: String, String)

    public var description: String {
        switch self {
        case .invalidPort(let variable, let text): "\(variable) is invalid: \(text) is not a port number"
        }
    }
}
