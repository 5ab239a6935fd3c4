import Foundation
import VolunteerCore

/// The canary applicant of `Tests/canary-strings.txt`: if any of its strings
/// turns up in a database dump or a log, personal data leaked.
public enum Canary {
    public static let strings: [String] = {
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("canary-strings.txt")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }()

    public static var person: PersonalData {
        PersonalData(
            name: strings[0], email: strings[1], telegram: strings[2], signal: strings[3], motivation: strings[4]
        )
    }

    public static var note: String { strings[5] }

    /// A coordinator's message to the canary, and the canary's reply.
    public static var message: String { strings[6] }
    public static var reply: String { strings[7] }

    /// The database scripts/test dumps after the suite.
    public static let databaseName = "vtrack_canary"

    /// True if `text` holds any canary string (case-insensitive).
    public static func appears(in text: String) -> Bool {
        let lowered = text.lowercased()
        return strings.contains { lowered.contains($0.lowercased()) }
    }
}
