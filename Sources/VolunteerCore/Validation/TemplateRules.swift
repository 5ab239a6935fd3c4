/// An onboarding template as coordinators write it:
/// `{"tasks": [{"title": "Intro call", "who": "coordinator", "due_in_days": 2},
///             {"title": "Read the style guide", "description": "…", "who": "volunteer", "due_in_days": 7, "required": false}]}`.
public enum TemplateRules {
    public static let taskFields: Set<String> = ["title", "description", "who", "due_in_days", "required"]
    public static let performerRule = "must be \(TaskPerformer.allCases.map(\.rawValue).joined(separator: " or "))"

    /// Nil, with the problems noted, when any rule is broken.
    public static func read(_ reader: FieldReader) -> [TemplateTask]? {
        let problems = reader.problems
        let before = problems.problems.count
        reader.refuseUnknown(allowing: ["tasks"])
        var tasks: [TemplateTask] = []
        for task in reader.objects("tasks", required: true, count: 0...Int.max) ?? [] {
            task.refuseUnknown(allowing: taskFields)
            // Lengths are TemplateTask's own rules, checked below.
            let title = task.string("title", required: true, length: 0...Int.max)
            let description = task.string("description", length: 0...Int.max, multiline: true) ?? ""
            let performer = task.parsed("who", required: true, length: 0...Int.max, rule: performerRule, TaskPerformer.init(rawValue:))
            let due = task.integer("due_in_days", required: true, range: TemplateTask.offsets)
            let required = task.bool("required") ?? true
            if let title, let performer, let due {
                tasks.append(TemplateTask(title: title, description: description, performer: performer, dueInDays: due, required: required))
            }
        }
        guard problems.problems.count == before else { return nil }
        let broken = Self.problems(tasks, prefix: reader.path)
        problems.add(broken)
        return broken.isEmpty ? tasks : nil
    }

    /// Every rule a template's tasks break, named as in a template
    /// (`tasks[2].title`), with `prefix` before each name.
    public static func problems(_ tasks: [TemplateTask], prefix: String = "") -> [FieldProblem] {
        let prefix = prefix.isEmpty ? "" : prefix + "."
        guard !tasks.isEmpty else { return [FieldProblem("\(prefix)tasks", "must be a list of at least one task")] }
        return tasks.enumerated().flatMap { index, task in
            task.problems().map { FieldProblem("\(prefix)tasks[\(index)].\($0.field)", $0.problem) }
        }
    }
}
