import ArgumentParser
import VolunteerCore

extension ApplicationStatus: ExpressibleByArgument {}
extension RejectionReason: ExpressibleByArgument {}

/// `vtrack applications …`: the pipeline.
struct ApplicationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "applications",
        abstract: "Work the pipeline: list, show, move, assign and annotate applications.",
        discussion: """
            Applications are named by the start of their id, as `list` shows it
            (8 characters, 12 when 8 are shared); any unique start of 4 or more
            characters works, in any case, with or without dashes.
            Examples:
              vtrack applications list --status submitted --unassigned
              vtrack applications show 3f2a91c0
              vtrack applications move 3f2a91c0 screening
            """,
        subcommands: [
            ApplicationsList.self, ApplicationsShow.self, ApplicationsMove.self, ApplicationsAssign.self,
            ApplicationsUnassign.self, ApplicationsNote.self, ApplicationsNotes.self, ApplicationsContact.self,
        ]
    )
}
