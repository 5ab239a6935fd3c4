import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack coordinators …`: the people who run vtrack, as database roles.
struct CoordinatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinators",
        abstract: "Add and remove coordinators (database login roles in vtrack_coordinator).",
        discussion: """
            Adding and removing needs a role that may create roles, such as the one that
            runs `vtrack migrate`. Each coordinator's actions carry their role's name in
            the audit log.
            Examples:
              vtrack coordinators add maria
              vtrack coordinators list --json
              vtrack coordinators display-name "Maria"
            """,
        subcommands: [Add.self, Remove.self, List.self, DisplayName.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a coordinator's login and print how to connect.",
            discussion: """
                The password is printed once; hand it over privately. After scripts/restore,
                it makes the login again for a coordinator the restored database lists (logins
                are not in a dump); their key and history are already there.
                Example:
                  vtrack coordinators add alice
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Lower-case letters, digits and '_', starting with a letter.") var name: String

        func run() async throws {
            try await CLIFailure.run {
                var settings = try database.settings()
                let login = try await Database.withDatabase(settings, logger: CLILogging.logger) {
                    try await CoordinatorRepository(database: $0).add(name: name)
                }
                settings.username = login.name
                settings.password = login.password
                Terminal.standardOutput.writeLine("added coordinator \(login.name); they connect with:")
                Terminal.standardOutput.writeLine("  export DATABASE_URL='\(settings.url)'")
                Terminal.standardOutput.writeLine(
                    login.restored
                        ? "their key is still registered: they bring it back with vtrack keys import FILE (from vtrack keys export)"
                        : "then create their key with: vtrack keys init --name \(login.name)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a coordinator from logging in and revoke their keys; their history stays.",
            discussion: """
                Each key they registered is then revoked as `vtrack keys revoke` does: the
                organisation key is rotated, so new applications are sealed for a key they
                never held; run `vtrack keys rewrap` next. A key that alone opens some
                applicants is left registered, with the reason, until another key is granted.
                Example:
                  vtrack coordinators remove alice
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The coordinator to remove.") var name: String

        func run() async throws {
            try await CLIFailure.run {
                // Keys first: a role that may not revoke them stops here, with the login still in place.
                let revoked = try await database.withDatabase { database in
                    let revoked = try await KeyRepository(database: database).revokeKeys(registeredBy: name)
                    try await CoordinatorRepository(database: database).remove(name: name)
                    return revoked
                }
                for key in revoked {
                    Terminal.standardOutput.writeLine(TerminalText.escape("revoked their key \(key)"))
                }
                Terminal.standardOutput.writeLine("removed coordinator \(name)")
                if !revoked.isEmpty {
                    Terminal.standardOutput.writeLine("now run `vtrack keys rewrap` to move earlier applicants to the new organisation key")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List coordinators by name, removed ones included.",
            discussion: "Examples:\n  vtrack coordinators list --json\n  vtrack coordinators list --limit 20 --page 2 --format csv"
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var paging: PageOptions

        func run() async throws {
            try await CLIFailure.run {
                let (limit, offset) = (paging.limit, paging.offset)
                let coordinators = try await database.withDatabase {
                    try await CoordinatorRepository(database: $0).list(limit: limit, offset: offset)
                }
                try ListOutput.write(
                    output.resolved, json: { try JSONOutput.render(coordinators) },
                    csvHeader: ["name", "state", "added_by", "added_at", "removed_at"],
                    csvRows: {
                        coordinators.map {
                            [
                                $0.name, $0.removedAt == nil ? "active" : "removed", $0.addedBy, $0.addedAt.formatted(.iso8601),
                                $0.removedAt?.formatted(.iso8601) ?? "",
                            ]
                        }
                    },
                    table: {
                        var table = TextTable("NAME", "STATE", "ADDED BY", "ADDED")
                        for coordinator in coordinators {
                            table.append(
                                coordinator.name, coordinator.removedAt == nil ? "active" : "removed", coordinator.addedBy,
                                coordinator.addedAt.formatted(.iso8601.year().month().day())
                            )
                        }
                        return table.render()
                    })
                if output.resolved == .table { paging.hintIfFull(coordinators.count) }
            }
        }
    }

    struct DisplayName: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "display-name",
            abstract: "Set how you sign messages to applicants ({{coordinator}} in templates).",
            discussion: """
                Yours only: a first name or a pseudonym, shown to applicants. The event log
                records that it changed, not what it is.
                Examples:
                  vtrack coordinators display-name "Maria"
                  vtrack coordinators display-name --clear
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Remove your display name.") var clear = false
        @Argument(help: "At most 80 characters, no line breaks.") var name: String?

        func validate() throws {
            guard clear != (name != nil) else { throw ValidationError("give a display name, or --clear") }
            if let name, !(1...80).contains(name.trimmed.count) || name.unicodeScalars.contains(where: \.isControlCharacter) {
                throw ValidationError("a display name is 1 to 80 characters without line breaks or control characters")
            }
        }

        func run() async throws {
            try await CLIFailure.run {
                let name = self.name?.trimmed
                try await database.withDatabase { try await MessageTemplateRepository(database: $0).setDisplayName(name) }
                Terminal.standardOutput.writeLine(name == nil ? "display name removed" : "display name set")
            }
        }
    }
}
