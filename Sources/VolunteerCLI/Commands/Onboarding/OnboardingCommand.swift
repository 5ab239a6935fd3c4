import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

extension TaskPerformer: ExpressibleByArgument {}

/// `vtrack onboarding …`: what a new volunteer and the team do in the first weeks.
struct OnboardingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onboarding",
        abstract: "Onboarding tasks: templates, due dates, progress.",
        discussion: """
            Accepting an application makes the volunteer's tasks from the position's
            template (else its team's), due so many days after acceptance in the
            volunteer's time zone. When every required task is done or skipped, the
            volunteer becomes active by itself.
            Examples:
              vtrack onboarding list --overdue
              vtrack onboarding done 7c1e02aa
            """,
        subcommands: [
            OnboardingTemplateCommand.self, OnboardingList.self, TaskChange<DoneChange>.self, TaskChange<SkipChange>.self,
            TaskChange<ReopenChange>.self, OnboardingAdd.self, OnboardingReassign.self,
        ]
    )
}

struct OnboardingList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List open onboarding tasks, soonest due first.",
        discussion: """
            Examples:
              vtrack onboarding list --overdue
              vtrack onboarding list --due-within 7d --assignee maria
              vtrack onboarding list --volunteer 5b2c --all --json
              vtrack onboarding list --limit 50 --page 2 --format csv
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var paging: PageOptions
    @Option(help: "Only this volunteer's tasks (their id, or a unique start of it).") var volunteer: String?
    @Flag(help: "Only tasks past their due date.") var overdue = false
    @Option(help: "Only tasks due within this long (7d, 2w), overdue ones included.") var dueWithin: TypedDuration?
    @Option(help: "Only tasks assigned to this coordinator.") var assignee: String?
    @Flag(help: "Done, skipped and cancelled tasks too.") var all = false

    func run() async throws {
        try await CLIFailure.run {
            let volunteerID = try volunteer.map { try ShortID($0) }
            var filter = TaskFilter()
            filter.overdueOnly = overdue
            filter.dueWithinDays = dueWithin.map { Int(($0.seconds / 86_400).rounded(.up)) }
            filter.assignee = assignee
            filter.includeClosed = all
            filter.limit = paging.limit
            filter.offset = paging.offset
            let query = filter
            let tasks = try await database.withDatabase { database in
                var query = query
                if let volunteerID { query.volunteerID = try await VolunteerRepository(database: database).resolve(volunteerID) }
                return try await OnboardingRepository(database: database).tasks(query)
            }
            switch output.resolved {
            case .json: Terminal.standardOutput.writeLine(try JSONOutput.render(tasks))
            case .csv:
                Terminal.standardOutput.write(
                    CSV.render(
                        [["id", "volunteer_id", "position", "title", "performer", "required", "due_date", "assignee", "state", "overdue"]]
                            + tasks.map {
                                [
                                    $0.id.uuidString.lowercased(), $0.volunteerId.uuidString.lowercased(), $0.position, $0.title,
                                    $0.performer.rawValue, String($0.required), $0.dueDate, $0.assignee ?? "", $0.state.rawValue,
                                    String($0.overdue),
                                ]
                            }
                    ))
            case .table:
                guard !tasks.isEmpty else { return Terminal.standardOutput.writeLine("No tasks match.") }
                var table = TextTable("TASK", "VOLUNTEER", "POSITION", "TITLE", "WHO", "DUE", "ASSIGNEE", "STATE")
                for task in tasks {
                    table.append(
                        task.shortId, task.volunteerShortId, TextTable.fit(task.position, 14), TextTable.fit(task.title, 28),
                        task.performer.rawValue, task.dueDate + (task.overdue ? " !" : ""), task.assignee ?? "-",
                        task.state.rawValue + (task.required ? "" : " (optional)")
                    )
                }
                Terminal.standardOutput.writeLine(table.render())
                paging.hintIfFull(tasks.count)
            }
        }
    }
}

/// done, skip, reopen: one subcommand each.
protocol TaskChangeKind {
    static var name: String { get }
    static var target: TaskState { get }
    static var abstract: String { get }
    static var example: String { get }
}

enum DoneChange: TaskChangeKind {
    static let name = "done", target = TaskState.done, abstract = "Mark one or many tasks done."
    static let example = """
        vtrack onboarding done 7c1e02aa --note "Met on Tuesday; very motivated"
          vtrack onboarding list --volunteer 5b2c --format csv | vtrack onboarding done -
        """
}

enum SkipChange: TaskChangeKind {
    static let name = "skip", target = TaskState.skipped, abstract = "Skip one or many tasks, saying why (--reason)."
    static let example = "vtrack onboarding skip 7c1e02aa 91d0 --reason \"already has drive access\""
}

enum ReopenChange: TaskChangeKind {
    static let name = "reopen", target = TaskState.open, abstract = "Open done, skipped or cancelled tasks again."
    static let example = "vtrack onboarding reopen 7c1e02aa"
}

struct TaskChange<Kind: TaskChangeKind>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Kind.name, abstract: Kind.abstract,
            discussion: """
                Give task ids, or `-` to read them from standard input (the first column,
                so a list's CSV can be piped in). Each task changes or is refused on its
                own; a summary says which and why. Exits 1 if any was refused.
                A note is about the person, so it is sealed (it needs your key).
                Example:
                  \(Kind.example)
                """
        )
    }
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var keyFile: KeyFileOptions
    @Option(help: "Why (required to skip; not personal data: use --note for that).") var reason: String?
    @Option(help: "A note to seal with each change (needs your key).") var note: String?
    @Flag(help: "Print the results as JSON.") var json = false
    @Argument(help: "Task ids (or unique starts of them), or - for stdin.") var tasks: [String] = []

    func validate() throws {
        guard !tasks.isEmpty else { throw ValidationError("give at least one task id (or - for stdin)") }
        if Kind.target == .skipped, reason?.trimmed.isEmpty ?? true { throw ValidationError("`onboarding skip` needs --reason saying why") }
        if Kind.target != .skipped, reason != nil { throw ValidationError("--reason goes with `skip` only") }
        if let reason, reason.count > 500 { throw ValidationError("--reason is longer than 500 characters") }
        if let note, note.trimmed.isEmpty { throw ValidationError("--note is empty") }
    }

    func run() async throws {
        var outcomes: [BatchOutcome] = []
        try await CLIFailure.run {
            let references = BatchReferences.expand(tasks)
            let note = try self.note.map { CoordinatorNote(text: $0.trimmed, key: try keyFile.load()) }
            let reason = self.reason?.trimmed
            outcomes = try await database.withDatabase { database in
                let (repository, move) = (OnboardingRepository(database: database), StatusMove(database: database))
                return try await BatchOutcome.each(references) {
                    try await repository.resolveTask($0)
                } change: { id in
                    try await move.task(id, to: Kind.target, reason: reason, note: note).state.rawValue
                }
            }
            BatchOutcome.report(outcomes, verb: Kind.target.rawValue, json: json)
        }
        try BatchOutcome.exitIfRefused(outcomes)
    }
}

struct OnboardingAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a task of your own to a volunteer's onboarding.",
        discussion: """
            Examples:
              vtrack onboarding add 5b2c "Shadow an editor for one issue" --due 2026-12-10
              vtrack onboarding add 5b2c "Set up the shared drive" --due 2026-12-03 --who coordinator --assignee maria
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The volunteer's id, or a unique start of it.") var volunteer: String
    @Argument(help: "What to do.") var title: String
    @Option(help: "Due on this day (YYYY-MM-DD), in the volunteer's time zone.") var due: String
    @Option(help: "volunteer (default) or coordinator.") var who: TaskPerformer = .volunteer
    @Option(help: "The coordinator who does it.") var assignee: String?
    @Option(help: "More detail.") var description: String = ""
    @Flag(help: "Not needed for the volunteer to become active.") var optional = false

    func validate() throws {
        guard LocalDate(due) != nil else { throw ValidationError("--due must be a date such as 2026-12-10") }
    }

    func run() async throws {
        try await CLIFailure.run {
            let shortID = try ShortID(volunteer)
            let (title, description, who, optional, assignee, due) = (
                self.title.trimmed, self.description, self.who, self.optional, self.assignee, LocalDate(self.due)!
            )
            let task = try await database.withDatabase { database in
                let volunteerID = try await VolunteerRepository(database: database).resolve(shortID)
                return try await OnboardingRepository(database: database).add(
                    volunteerID: volunteerID, title: title, description: description, performer: who, required: !optional,
                    due: due, assignee: assignee
                )
            }
            Terminal.standardOutput.writeLine("task \(task.shortId) added, due \(task.dueDate)")
        }
    }
}

struct OnboardingReassign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Give one or many tasks to another coordinator.",
        discussion: """
            The last argument is the coordinator (as `vtrack coordinators list` shows
            them); the others are task ids, or `-` to read them from standard input.
            Each task is reassigned or refused on its own. Exits 1 if any was refused.
            Examples:
              vtrack onboarding reassign 7c1e02aa maria
              vtrack onboarding list --assignee bob --format csv | vtrack onboarding reassign - maria
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print the results as JSON.") var json = false
    @Argument(help: "Task ids (or - for stdin), then the coordinator.") var arguments: [String] = []

    func validate() throws {
        guard arguments.count >= 2 else {
            throw ValidationError("give at least one task id and then the coordinator, e.g. `reassign 7c1e02aa maria`")
        }
    }

    func run() async throws {
        var outcomes: [BatchOutcome] = []
        try await CLIFailure.run {
            let coordinator = arguments.last!
            let references = BatchReferences.expand(Array(arguments.dropLast()))
            outcomes = try await database.withDatabase { database in
                try await CoordinatorRepository(database: database).requireCurrent(coordinator)
                let repository = OnboardingRepository(database: database)
                return try await BatchOutcome.each(references) {
                    try await repository.resolveTask($0)
                } change: { id in
                    try await repository.reassign(id: id, to: coordinator).assignee ?? coordinator
                }
            }
            BatchOutcome.report(outcomes, verb: "assigned to \(coordinator)", json: json)
        }
        try BatchOutcome.exitIfRefused(outcomes)
    }
}
