import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

extension VolunteerStatus: ExpressibleByArgument {}

/// `vtrack volunteers …`: accepted applicants, from onboarding to alumni.
struct VolunteersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volunteers",
        abstract: "Volunteers and their onboarding progress: onboarding → active ⇄ paused → alumni.",
        discussion: """
            Pausing or offboarding cancels the volunteer's open tasks, each with an
            event; nothing is deleted.
            Examples:
              vtrack volunteers list --status onboarding
              vtrack volunteers offboard 5b2c 9e01
              vtrack volunteers list --status paused --format csv | vtrack volunteers resume -
            """,
        subcommands: [
            VolunteersList.self, VolunteersShow.self, VolunteerMove<PauseVolunteer>.self,
            VolunteerMove<ResumeVolunteer>.self, VolunteerMove<OffboardVolunteer>.self,
        ]
    )
}

enum VolunteerProgressText {
    /// `3/7 done, 1 overdue`.
    static func summary(_ volunteer: VolunteerProgress) -> String {
        guard volunteer.tasks > 0 else { return "no tasks" }
        return "\(volunteer.done)/\(volunteer.tasks) done" + (volunteer.overdue > 0 ? ", \(volunteer.overdue) overdue" : "")
    }
}

struct VolunteersList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List volunteers with their onboarding progress, newest first.",
        discussion: """
            Examples:
              vtrack volunteers list --status onboarding --format csv
              vtrack volunteers list --limit 20 --page 2
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var paging: PageOptions
    @Option(help: "Only this status (repeatable): onboarding, active, paused, alumni.") var status: [VolunteerStatus] = []
    @Option(help: "Only volunteers for this position (its slug).") var position: String?

    func run() async throws {
        try await CLIFailure.run {
            let (statuses, position, limit, offset) = (status, self.position, paging.limit, paging.offset)
            let volunteers = try await database.withDatabase {
                try await VolunteerRepository(database: $0).list(statuses: statuses, position: position, limit: limit, offset: offset)
            }
            switch output.resolved {
            case .json: Terminal.standardOutput.writeLine(try JSONOutput.render(volunteers))
            case .csv:
                Terminal.standardOutput.write(
                    CSV.render(
                        [["id", "position", "status", "started_at", "coordinator", "tasks", "done", "open", "overdue"]]
                            + volunteers.map {
                                [
                                    $0.id.uuidString.lowercased(), $0.position, $0.status.rawValue, $0.startedAt.formatted(.iso8601),
                                    $0.coordinator ?? "", String($0.tasks), String($0.done), String($0.open), String($0.overdue),
                                ]
                            }
                    ))
            case .table:
                guard !volunteers.isEmpty else { return Terminal.standardOutput.writeLine("No volunteers match.") }
                var table = TextTable("ID", "POSITION", "STATUS", "SINCE", "COORDINATOR", "ONBOARDING")
                for volunteer in volunteers {
                    table.append(
                        volunteer.shortId, TextTable.fit(volunteer.position, 16), volunteer.status.rawValue,
                        volunteer.startedAt.formatted(.iso8601.year().month().day()), volunteer.coordinator ?? "-",
                        VolunteerProgressText.summary(volunteer)
                    )
                }
                Terminal.standardOutput.writeLine(table.render { column, cell in column == 2 ? Style.status(cell, cell.trimmed) : cell })
                paging.hintIfFull(volunteers.count)
            }
        }
    }
}

struct VolunteersShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One volunteer: status, progress, and every task (cancelled ones too).",
        discussion: "Example:\n  vtrack volunteers show 5b2c --json"
    )
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The volunteer's id, or a unique start of it.") var volunteer: String

    func run() async throws {
        try await CLIFailure.run {
            let shortID = try ShortID(volunteer)
            let (progress, found) = try await database.withDatabase { database in
                let repository = VolunteerRepository(database: database)
                let id = try await repository.resolve(shortID)
                var filter = TaskFilter()
                filter.volunteerID = id
                filter.includeClosed = true
                return (try await repository.list(id: id).first, try await OnboardingRepository(database: database).tasks(filter))
            }
            guard let progress else { throw DomainError.notFound(entity: "volunteer", id: shortID.description) }
            let tasks = found.sorted { $0.ord < $1.ord }
            if json {
                return Terminal.standardOutput.writeLine(try JSONOutput.render(VolunteerDetailJSON(volunteer: progress, tasks: tasks)))
            }
            var fields = TextTable("FIELD", "VALUE")
            fields.append("id", progress.id.uuidString.lowercased())
            fields.append("application", ShortID.display(progress.applicationId))
            fields.append("position", progress.position)
            fields.append("status", progress.status.rawValue)
            fields.append("since", progress.startedAt.formatted(.iso8601))
            fields.append("time zone", progress.timeZone ?? "- (erased)")
            fields.append("coordinator", progress.coordinator ?? "-")
            fields.append("onboarding", VolunteerProgressText.summary(progress))
            var list = TextTable("TASK", "TITLE", "WHO", "DUE", "ASSIGNEE", "STATE")
            for task in tasks {
                let state = task.state.rawValue + (task.reason.map { " (\($0))" } ?? "") + (task.required ? "" : ", optional")
                list.append(
                    task.shortId, task.title, task.performer.rawValue, task.dueDate + (task.overdue ? " !" : ""), task.assignee ?? "-",
                    state)
            }
            Terminal.standardOutput.writeLine(
                fields.render(colouringStatusRowAs: progress.status.rawValue) + "\n\nTasks\n" + (tasks.isEmpty ? "none" : list.render()))
        }
    }
}

struct VolunteerDetailJSON: Encodable {
    let volunteer: VolunteerProgress
    let tasks: [OnboardingTaskRecord]
}

protocol VolunteerMoveKind {
    static var name: String { get }
    static var target: VolunteerStatus { get }
    static var abstract: String { get }
}

enum PauseVolunteer: VolunteerMoveKind {
    static let name = "pause", target = VolunteerStatus.paused
    static let abstract = "Pause an active volunteer; their open tasks are cancelled."
}

enum ResumeVolunteer: VolunteerMoveKind {
    static let name = "resume", target = VolunteerStatus.active
    static let abstract = "Make a paused volunteer active again."
}

enum OffboardVolunteer: VolunteerMoveKind {
    static let name = "offboard", target = VolunteerStatus.alumni
    static let abstract = "Say goodbye: the volunteer becomes alumni; their open tasks are cancelled."
}

struct VolunteerMove<Kind: VolunteerMoveKind>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Kind.name, abstract: Kind.abstract,
            discussion: """
                Give volunteer ids, or `-` to read them from standard input (the first
                column, so `volunteers list --format csv` can be piped in). Each volunteer
                moves or is refused on its own, in its own transaction; a summary says
                which and why. Exits 1 if any was refused.
                Example:
                  vtrack volunteers \(Kind.name) 5b2c 9e01
                """)
    }
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print the results as JSON.") var json = false
    @Argument(help: "Volunteer ids (or unique starts of them), or - for stdin.") var volunteers: [String] = []

    func validate() throws {
        guard !volunteers.isEmpty else { throw ValidationError("give at least one volunteer id (or - for stdin)") }
    }

    func run() async throws {
        var outcomes: [BatchOutcome] = []
        try await CLIFailure.run {
            let references = BatchReferences.expand(volunteers)
            outcomes = try await database.withDatabase { database in
                let repository = VolunteerRepository(database: database)
                return try await BatchOutcome.each(references) {
                    try await repository.resolve($0)
                } change: { id in
                    try await repository.move(id: id, to: Kind.target).status.rawValue
                }
            }
            BatchOutcome.report(outcomes, verb: "now \(Kind.target.rawValue)", json: json)
        }
        try BatchOutcome.exitIfRefused(outcomes)
    }
}
