import Foundation
import VolunteerCore
import Yams

/// An onboarding template as people write it, in YAML (or JSON):
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
/// Every mistake is named with its line: unknown fields, wrong types,
/// negative or too distant offsets, a missing title.
enum TemplateFile {
    static let fields = ["title", "description", "who", "due_in_days", "required"]

    static func parse(_ text: String, source: String) throws -> [TemplateTask] {
        let root = try YAMLInput.compose(text, source: source)
        guard let mapping = root?.mapping else { throw DomainError.invalid(field: source, reason: "must be a mapping with `tasks:`") }
        for key in mapping.keys where key.string != "tasks" {
            throw problem(source, key, "unknown field `\(key.string ?? "?")` (a template has only `tasks`)")
        }
        guard let tasksNode = mapping["tasks"] else { throw DomainError.invalid(field: source, reason: "has no `tasks:` list") }
        guard let list = tasksNode.sequence, !list.isEmpty else {
            throw problem(source, tasksNode, "`tasks` must be a list of at least one task")
        }
        return try list.enumerated().map { index, node in try task(node, number: index + 1, source: source) }
    }

    private static func task(_ node: Node, number: Int, source: String) throws -> TemplateTask {
        guard let mapping = node.mapping else { throw problem(source, node, "task \(number) must be a mapping of field: value") }
        for key in mapping.keys where !fields.contains(key.string ?? "") {
            throw problem(source, key, "task \(number): unknown field `\(key.string ?? "?")` (known: \(fields.joined(separator: ", ")))")
        }
        func scalar(_ name: String) -> Node? { mapping[name] }
        guard let titleNode = scalar("title"), let title = titleNode.string, !title.trimmed.isEmpty else {
            throw problem(source, node, "task \(number) needs a `title`")
        }
        guard let whoNode = scalar("who") else { throw problem(source, node, "task \(number) needs `who`: volunteer or coordinator") }
        guard let performer = whoNode.string.flatMap(TaskPerformer.init(rawValue:)) else {
            throw problem(source, whoNode, "task \(number): `who` must be volunteer or coordinator")
        }
        guard let dueNode = scalar("due_in_days") else { throw problem(source, node, "task \(number) needs `due_in_days`") }
        guard let due = dueNode.int, (0...TemplateTask.maximumOffset).contains(due) else {
            throw problem(source, dueNode, "task \(number): `due_in_days` must be a whole number from 0 to \(TemplateTask.maximumOffset)")
        }
        var required = true
        if let requiredNode = scalar("required") {
            guard let flag = requiredNode.bool else { throw problem(source, requiredNode, "task \(number): `required` must be true or false") }
            required = flag
        }
        let description = scalar("description")?.string ?? ""
        let task = TemplateTask(title: title.trimmed, description: description.trimmed, performer: performer, dueInDays: due, required: required)
        if let first = task.problems().first { throw problem(source, node, "task \(number): \(first.field) \(first.problem)") }
        return task
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

    private static func problem(_ source: String, _ node: Node, _ text: String) -> DomainError {
        YAMLInput.problem(source, node, text)
    }
}
