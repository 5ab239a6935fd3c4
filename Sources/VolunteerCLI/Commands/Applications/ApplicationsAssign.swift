import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct ApplicationsAssign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign one or many applications to a coordinator.",
        discussion: """
            The last argument is the coordinator (their login name, as `vtrack
            coordinators list` shows it); the others are ids, or `-` for stdin.
            Exits 1 if any was refused.
            Examples:
              vtrack applications assign 3f2a91c0 9bc04e11 maria
              vtrack applications list --unassigned --format csv | vtrack applications assign - maria
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print the results as JSON.") var json = false
    @Argument(help: "Application ids (or - for stdin), then the coordinator.") var arguments: [String] = []

    func validate() throws {
        guard arguments.count >= 2 else {
            throw ValidationError("give at least one id and then the coordinator, e.g. `assign 3f2a91c0 maria`")
        }
    }

    func run() async throws {
        let coordinator = arguments.last!
        let outcomes = try await assign(BatchReferences.expand(Array(arguments.dropLast())), to: coordinator)
        if outcomes.contains(where: { !$0.succeeded }) { throw ExitStatus.refused.exitCode }
    }

    private func assign(_ references: [String], to coordinator: String) async throws -> [BatchOutcome] {
        var outcomes: [BatchOutcome] = []
        try await CLIFailure.run {
            outcomes = try await database.withDatabase { database in
                try await CoordinatorRepository(database: database).requireCurrent(coordinator)
                return try await AssignmentBatch.run(references, to: coordinator, database: database)
            }
            BatchOutcome.report(outcomes, verb: "assigned to \(coordinator)", json: json)
        }
        return outcomes
    }
}

struct ApplicationsUnassign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unassign",
        abstract: "Take one or many applications off whoever has them.",
        discussion: """
            Example:
              vtrack applications unassign 3f2a91c0 9bc04e11
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print the results as JSON.") var json = false
    @Argument(help: "Application ids (or - for stdin).") var ids: [String] = []

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("give at least one id") }
    }

    func run() async throws {
        var outcomes: [BatchOutcome] = []
        try await CLIFailure.run {
            let references = BatchReferences.expand(ids)
            outcomes = try await database.withDatabase { database in
                try await AssignmentBatch.run(references, to: nil, database: database)
            }
            BatchOutcome.report(outcomes, verb: "unassigned", json: json)
        }
        if outcomes.contains(where: { !$0.succeeded }) { throw ExitStatus.refused.exitCode }
    }
}

enum AssignmentBatch {
    static func run(_ references: [String], to coordinator: String?, database: Database) async throws -> [BatchOutcome] {
        let repository = ApplicationRepository(database: database)
        return try await BatchOutcome.each(references) {
            try await repository.resolve($0)
        } change: { id in
            try await repository.assign(id: id, to: coordinator).assignedTo ?? "nobody"
        }
    }
}
