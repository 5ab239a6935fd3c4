import ArgumentParser
import VolunteerCore
import VolunteerStore

/// One step of a position's life cycle, as its own subcommand.
protocol PositionMoveKind {
    static var name: String { get }
    static var target: PositionStatus { get }
    static var abstract: String { get }
    static var reasonRequired: Bool { get }
}

enum OpenMove: PositionMoveKind {
    static let name = "open", target = PositionStatus.open, reasonRequired = false
    static let abstract = "Open a draft or paused position to applications."
}

enum PauseMove: PositionMoveKind {
    static let name = "pause", target = PositionStatus.paused, reasonRequired = false
    static let abstract = "Stop taking applications for a while; the pipeline goes on."
}

enum CloseMove: PositionMoveKind {
    static let name = "close", target = PositionStatus.closed, reasonRequired = true
    static let abstract = "Close a position for good (needs --reason)."
}

enum ReopenMove: PositionMoveKind {
    static let name = "reopen", target = PositionStatus.open, reasonRequired = true
    static let abstract = "Open a closed position again (needs --reason)."
}

struct PositionMove<Kind: PositionMoveKind>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Kind.name,
            abstract: Kind.abstract,
            discussion: """
                Example:
                  vtrack positions \(Kind.name) editor\(Kind.reasonRequired ? " --reason \"filled by two new editors\"" : "")
                """
        )
    }
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Why (required to close or reopen; kept with the position).") var reason: String?
    @Argument(help: "The position's slug.") var slug: String

    func validate() throws {
        if Kind.reasonRequired, reason?.trimmed.isEmpty ?? true {
            throw ValidationError("`positions \(Kind.name)` needs --reason saying why")
        }
        if let reason, reason.count > 500 { throw ValidationError("--reason is longer than 500 characters") }
    }

    func run() async throws {
        try await CLIFailure.run {
            let (slug, reason) = (self.slug, self.reason?.trimmed)
            let position = try await database.withDatabase { database in
                let repository = PositionRepository(database: database)
                if Kind.self == ReopenMove.self {
                    let current = try await repository.find(slug: slug)
                    guard current.status == .closed else {
                        throw DomainError.illegalTransition(
                            entity: "position", id: slug, current: current.status.rawValue, wanted: "reopened",
                            allowed: current.status.allowedNext().map(\.rawValue)
                        )
                    }
                }
                return try await repository.move(slug: slug, to: Kind.target, reason: reason)
            }
            Terminal.standardOutput.writeLine(
                "position \(position.slug) is \(Style.status(position.status.rawValue, position.status.rawValue))")
        }
    }
}
