import Foundation

/// Colour for people at a terminal; plain text for pipes, files and anyone
/// who set NO_COLOR (https://no-color.org).
enum Style {
    static let enabled: Bool = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["NO_COLOR"].map(\.isEmpty) ?? true else { return false }
        return isatty(STDOUT_FILENO) == 1 && environment["TERM"] != "dumb"
    }()

    static func status(_ text: String, _ status: String) -> String {
        guard enabled else { return text }
        let code =
            switch status {
            case "accepted", "open", "active": "32"
            case "rejected", "withdrawn", "closed", "alumni": "2"
            case "on_hold", "paused": "33"
            case "offered", "interview": "36"
            default: "0"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    static func dim(_ text: String) -> String {
        enabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }
}
