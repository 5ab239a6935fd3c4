import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack servers …`: the logins `vtrack-server` connects as.
struct ServersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "servers",
        abstract: "Add and remove the logins vtrack-server connects as (in vtrack_api, and vtrack_sealer).",
        discussion: """
            Adding and removing needs a role that may create roles, such as the one that
            runs `vtrack migrate`. Give each server instance a login of its own, so that
            one can be retired (or its password replaced: add a new login, switch, remove
            the old one) without touching the others.
            Examples:
              vtrack servers add web1 --password-file /etc/vtrack/web1.password
              vtrack servers list --json
            """,
        subcommands: [Add.self, Remove.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a server's login; its password goes to a new file only you can read.",
            discussion: """
                The password is generated (256 bits) and only its SCRAM verifier reaches the
                database. It is written once, to --password-file, as one line
                `PGPASSWORD=…` (mode 0600, a new file: an existing one is never
                overwritten), which systemd's EnvironmentFile= and a shell's
                `set -a; . FILE` both read; it is never printed. Standard output gives the
                server's DATABASE_URL, without a password, as a line `DATABASE_URL='…'`
                (the host, port, database and TLS settings this command used).
                Example:
                  vtrack servers add web1 --password-file /etc/vtrack/web1.password
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Lower-case letters, digits and '_', starting with a letter.") var name: String
        @Option(help: "A new file for the password (mode 0600); it must not exist yet.") var passwordFile: String
        @Flag(
            help:
                "Leave the login out of vtrack_sealer: this server will not link the audit chain (run `vtrack audit seal` from cron instead)."
        )
        var noSealer = false

        func run() async throws {
            try await CLIFailure.run {
                guard ServerLoginRepository.isValidName(name) else {
                    throw DomainError.invalid(field: "server login name", reason: ServerLoginRepository.nameRule)
                }
                var settings = try database.settings()
                let sealer = !noSealer
                // The password exists only in memory and in this file, which
                // becomes visible once the login exists.
                let password = try LoginPassword.generate()
                let file = try PrivateFileCreation(path: passwordFile, contents: "PGPASSWORD=\(password.password)\n")
                do {
                    try await Database.withDatabase(settings, logger: CLILogging.logger) {
                        try await ServerLoginRepository(database: $0).add(name: name, password: password, sealer: sealer)
                    }
                    try file.commit()
                } catch {
                    file.discard()
                    throw error
                }
                settings.username = name
                settings.password = nil
                let groups = sealer ? "vtrack_api, vtrack_sealer" : "vtrack_api"
                Terminal.standardOutput.writeLine("added server login \(name) (\(groups)); its password is in \(passwordFile)")
                Terminal.standardOutput.writeLine("DATABASE_URL='\(settings.url)'")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop a server's login; its open connections lose their rights at once.",
            discussion: """
                Only a login that `vtrack servers list` shows can be removed. The events it
                caused keep its name.
                Example:
                  vtrack servers remove web1
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The server login to remove.") var name: String

        func run() async throws {
            try await CLIFailure.run {
                try await database.withDatabase { try await ServerLoginRepository(database: $0).remove(name: name) }
                Terminal.standardOutput.writeLine("removed server login \(name)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the server logins of this database's cluster.",
            discussion: "Examples:\n  vtrack servers list --json\n  vtrack servers list --format csv"
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLIFailure.run {
                let servers = try await database.withDatabase { try await ServerLoginRepository(database: $0).list() }
                try ListOutput.write(
                    output.resolved, json: { try JSONOutput.render(servers) }, csvHeader: ["name", "seals", "can_log_in"],
                    csvRows: { servers.map { [$0.name, String($0.seals), String($0.canLogIn)] } },
                    table: {
                        var table = TextTable("NAME", "SEALS", "LOGIN")
                        for server in servers {
                            table.append(server.name, server.seals ? "yes" : "no", server.canLogIn ? "yes" : "no")
                        }
                        return table.render()
                    })
            }
        }
    }
}
