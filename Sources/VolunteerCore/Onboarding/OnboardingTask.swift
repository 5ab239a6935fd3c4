/// Who does an onboarding task.
public enum TaskPerformer: String, Sendable, Codable, CaseIterable {
    case volunteer
    case coordinator
}

/// `open → done | skipped | cancelled`, and any of those back to `open`.
/// `cancelled` is the system's: pausing or offboarding a volunteer cancels
/// what is open. Skipping needs a reason.
public enum TaskState: String, Sendable, Codable, CaseIterable {
    case open
    case done
    case skipped
    case cancelled

    public func allowedNext() -> [TaskState] {
        self == .open ? [.done, .skipped, .cancelled] : [.open]
    }
}

/// One step of a template: copied into a task, with a concrete due date,
/// when a volunteer is accepted.
public struct TemplateTask: Sendable, Equatable, Codable {
    public var title: String
    public var description: String
    public var performer: TaskPerformer
    /// Days after the day of acceptance, in the volunteer's time zone.
    public var dueInDays: Int
    public var required: Bool

    public init(title: String, description: String = "", performer: TaskPerformer, dueInDays: Int, required: Bool = true) {
        self.title = title
        self.description = description
        self.performer = performer
        self.dueInDays = dueInDays
        self.required = required
    }

    /// The days after acceptance a task may be due.
    public static let offsets = 0...365

    /// What is wrong with this task, by field; empty when it is fine.
    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if title.trimmed.isEmpty || title.count > 200 { problems.append(FieldProblem("title", "must be 1 to 200 characters")) }
        if description.count > 2000 { problems.append(FieldProblem("description", "must be at most 2000 characters")) }
        if !Self.offsets.contains(dueInDays) {
            problems.append(FieldProblem("due_in_days", FieldReader.wholeNumberRule(Self.offsets)))
        }
        return problems
    }
}
