import Foundation
import VolunteerCore

/// An onboarding template as people write it, in YAML (or JSON), read by
/// `TemplateRules`:
///
///     tasks:
///       - title: Intro call
///         who: coordinator
///         due_in_days: 2
///       - title: Read the style guide
///         description: The link is in the welcome mail.
///         who: volunteer
///         due_in_days: 7
///         required: false
///
/// Every mistake is named with its line.
enum TemplateFile {
    static func parse(_ text: String, source: String) throws -> [TemplateTask] {
        try InputFile.parse(text, source: source).read(TemplateRules.read)
    }

    /// The template as YAML, for `show --yaml` and `edit`.
    static func render(_ tasks: [TemplateTask]) -> String {
        var lines = ["tasks:"]
        for task in tasks {
            lines.append("  - title: \(quoted(task.title))")
            if !task.description.isEmpty { lines.append("    description: \(quoted(task.description))") }
            lines.append("    who: \(task.performer.rawValue)")
            lines.append("    due_in_days: \(task.dueInDays)")
            lines.append("    required: \(task.required)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A JSON string is a YAML string too, and needs no thought about which
    /// characters YAML treats specially.
    private static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return JSONOutput.escapingInvisibles(String(decoding: data, as: UTF8.self))
    }
}
