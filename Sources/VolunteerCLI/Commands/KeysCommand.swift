import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack keys …`: the key pairs that seal and open personal data.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage coordinators' keys for sealed personal data.",
        discussion: """
            Applicants' personal data is sealed for every registered public key.
            Your private key stays in a file on your machine; the server never has one.
            Examples:
              vtrack keys init --name maria
              vtrack keys grant maria
            """,
        subcommands: [Init.self, KeysPassphrase.self, List.self, Grant.self, Revoke.self]
    )

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create your key pair and register its public key.",
            discussion: """
                Writes the private key to ~/.config/vtrack/key (mode 0600; --key-file or
                $VTRACK_KEY_FILE for another place) and never overwrites a file. The key is
                sealed with a passphrase (scrypt, then ChaCha20-Poly1305) asked twice on the
                terminal, or read as one line from --passphrase-fd N; --no-passphrase writes
                it in clear. Without a terminal, one of the two is required. New
                applications are sealed for the key at once; a coordinator who already holds
                a key runs `vtrack keys grant NAME` so that it opens earlier ones too.
                Examples:
                  vtrack keys init --name alice
                  vtrack keys init --name robot --passphrase-fd 3 3<passphrase.txt
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var keyFile: KeyFileOptions
        @Option(help: "The name the key is registered under.") var name: String
        @Flag(help: "Write the key file in clear, without a passphrase (for automation that guards the file otherwise).")
        var noPassphrase = false

        func validate() throws {
            if noPassphrase, keyFile.passphraseDescriptor != nil { throw ValidationError("--no-passphrase and --passphrase-fd exclude each other; give one") }
        }

        func run() async throws {
            try await CLIFailure.run {
                let passphrase = try Passphrase.new(
                    descriptor: try keyFile.descriptor, unsealed: noPassphrase, command: "vtrack keys init", unsealedFlag: "--no-passphrase"
                )
                let key = CoordinatorPrivateKey.generate()
                let file = try keyFile.create(key, passphrase: passphrase)
                do {
                    _ = try await database.withDatabase {
                        try await KeyRepository(database: $0).register(name: name, publicKey: key.publicKey)
                    }
                    try KeyFileError.writing { () throws(PrivateFileError) in try file.commit() }
                } catch {
                    file.discard()
                    throw error
                }
                Terminal.standardOutput.writeLine(TerminalText.escape("registered key \(name) (fingerprint \(key.fingerprint))"))
                Terminal.standardOutput.writeLine("private key written to \(file.path); back it up somewhere safe")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List registered keys and how many applicants each can open.",
            discussion: "Example:\n  vtrack keys list --json"
        )
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CLIFailure.run {
                let (keys, sealed) = try await database.withDatabase { database in
                    let repository = KeyRepository(database: database)
                    return (try await repository.list(), try await repository.sealedApplicantCount())
                }
                if json {
                    Terminal.standardOutput.writeLine(try JSONOutput.render(keys))
                    return
                }
                var table = TextTable("NAME", "FINGERPRINT", "OPENS", "REGISTERED BY", "REGISTERED")
                for key in keys {
                    table.append(
                        key.name, key.fingerprint, "\(key.applicantsItCanOpen)/\(sealed)", key.registeredBy,
                        key.registeredAt.formatted(.iso8601.year().month().day())
                    )
                }
                Terminal.standardOutput.writeLine(table.render())
                if keys.isEmpty {
                    Terminal.standardError.writeLine("no key registered: applications are refused until one is (vtrack keys init --name NAME)")
                }
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let another registered key open every applicant your key can open.",
            discussion: """
                Wraps each applicant's data key for NAME's public key, a batch per transaction.
                Safe to stop and run again: it continues with what NAME still lacks.
                Example:
                  vtrack keys grant bob
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var keyFile: KeyFileOptions
        @Argument(help: "The registered key to grant access to.") var name: String
        @Option(help: "Applicants per transaction.") var batchSize = 500

        func validate() throws {
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() async throws {
            try await CLIFailure.run {
                let key = try keyFile.load()
                let summary = try await database.withDatabase { database in
                    try await KeyGrant(database: database, granter: key).grant(to: name, batchSize: batchSize) { done in
                        Terminal.standardError.writeLine("granted \(done)…")
                    }
                }
                Terminal.standardOutput.writeLine(TerminalText.escape("granted key \(name) access to \(summary.granted) more applicant(s)"))
                if summary.notOpenableByGranter > 0 {
                    Terminal.standardError.writeLine(
                        "key \(name) still cannot open \(summary.notOpenableByGranter) applicant(s) that your key cannot open either; a coordinator whose key can should run this too"
                    )
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a key and every data key wrapped for it.",
            discussion: """
                New applications are no longer sealed for it. Refused while some applicants
                can be opened by this key alone, unless --force, which destroys their sealed
                data and notes first (one event each): the database keeps no data that no key
                can open.
                Example:
                  vtrack keys revoke bob
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The registered key to revoke.") var name: String
        @Flag(help: "Revoke even if some applicants could then be opened by no key, destroying their data.") var force = false

        func run() async throws {
            try await CLIFailure.run {
                let destroyed = try await database.withDatabase { try await KeyRepository(database: $0).revoke(name: name, force: force) }
                Terminal.standardOutput.writeLine(TerminalText.escape("revoked key \(name)"))
                if destroyed > 0 {
                    Terminal.standardError.writeLine("destroyed the sealed data of \(destroyed) applicant(s) that only this key could open")
                }
            }
        }
    }
}
