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
            Each applicant's data key is sealed for the organisation's public key; the
            organisation's private key is sealed for each coordinator's key that was
            granted it. Your private key stays in a file on your machine; the server never
            has one.
            Examples:
              vtrack keys init --name maria
              vtrack keys grant maria
              vtrack keys export --out /media/usb/maria.vtrack-key
            """,
        subcommands: [
            Init.self, KeysPassphrase.self, KeysExport.self, KeysImport.self, List.self, Grant.self, Revoke.self, Rewrap.self,
            InitOrganisation.self,
        ]
    )

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create your key pair and register its public key.",
            discussion: """
                Writes the private key to ~/.config/vtrack/key (mode 0600; --key-file or
                $VTRACK_KEY_FILE for another place) and never overwrites a file. The key is
                sealed with a passphrase (scrypt, then ChaCha20-Poly1305) asked twice on the
                terminal, or read as one line from --passphrase-fd N; --no-passphrase writes
                it in clear. Without a terminal, one of the two is required. The first key
                of a new database gets the organisation key, made then; any later key opens
                applicants once a coordinator who holds it runs `vtrack keys grant NAME`.
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
            if noPassphrase, keyFile.passphraseDescriptor != nil {
                throw ValidationError("--no-passphrase and --passphrase-fd exclude each other; give one")
            }
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
                        try await OrganisationKeyRepository(database: $0).createFirstInANewDatabase()
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
            abstract: "List registered keys by name and how many applicants each can open.",
            discussion: "Examples:\n  vtrack keys list --json\n  vtrack keys list --format csv"
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var paging: PageOptions

        func run() async throws {
            try await CLIFailure.run {
                let (limit, offset) = (paging.limit, paging.offset)
                let (keys, sealed, organisation) = try await database.withDatabase { database in
                    let repository = KeyRepository(database: database)
                    return (
                        try await repository.list(limit: limit, offset: offset), try await repository.sealedApplicantCount(),
                        try await OrganisationKeyRepository(database: database).status()
                    )
                }
                switch output.resolved {
                case .json: return Terminal.standardOutput.writeLine(try JSONOutput.render(keys))
                case .csv:
                    return Terminal.standardOutput.write(
                        CSV.render(
                            [["name", "fingerprint", "applicants_it_can_open", "sealed_applicants", "registered_by", "registered_at"]]
                                + keys.map {
                                    [
                                        $0.name, $0.fingerprint, String($0.applicantsItCanOpen), String(sealed), $0.registeredBy,
                                        $0.registeredAt.formatted(.iso8601),
                                    ]
                                }))
                case .table: break
                }
                if let organisation {
                    Terminal.standardOutput.writeLine(
                        TerminalText.escape(
                            "organisation key \(organisation.fingerprint), made by \(organisation.createdBy) on "
                                + "\(organisation.createdAt.formatted(.iso8601.year().month().day())), opens \(organisation.applicants)/\(sealed)"
                        ))
                    let waiting = organisation.applicantsOnRetiredKeys + organisation.applicantsOnCoordinatorKeys
                    if waiting > 0 {
                        Terminal.standardError.writeLine(
                            "\(waiting) applicant(s) are not on the current organisation key yet: run `vtrack keys rewrap`")
                    }
                }
                var table = TextTable("NAME", "FINGERPRINT", "OPENS", "REGISTERED BY", "REGISTERED")
                for key in keys {
                    table.append(
                        key.name, key.fingerprint, "\(key.applicantsItCanOpen)/\(sealed)", key.registeredBy,
                        key.registeredAt.formatted(.iso8601.year().month().day())
                    )
                }
                Terminal.standardOutput.writeLine(table.render())
                paging.hintIfFull(keys.count)
                if keys.isEmpty, paging.page == 1 {
                    Terminal.standardError.writeLine(
                        "no key registered: applications are refused until one is (vtrack keys init --name NAME)")
                }
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let another registered key open every applicant your key can open.",
            discussion: """
                Wraps each organisation key you hold for NAME's public key: one row each,
                whatever the number of applicants. Applicants still sealed the earlier way
                (one wrap per coordinator key) get their data key wrapped for NAME, a batch
                per transaction. Safe to stop and run again: it continues with what NAME
                still lacks.
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
            abstract: "Delete a key and every data key wrapped for it, and rotate the organisation key.",
            discussion: """
                If the key holds the current organisation key, a new organisation key is made
                for the other keys that hold it, and new applications are sealed for it within
                seconds; run `vtrack keys rewrap` next, so that nothing in the database opens
                with the old one. Refused while some applicants can be opened by this key
                alone, unless --force, which destroys their sealed data and notes first (one
                event each): the database keeps no data that no key can open. Revoking cannot
                take back what the key's holder has already read or copied.
                Example:
                  vtrack keys revoke bob
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The registered key to revoke.") var name: String
        @Flag(help: "Revoke even if some applicants could then be opened by no key, destroying their data.") var force = false

        func run() async throws {
            try await CLIFailure.run {
                let revocation = try await database.withDatabase { try await KeyRepository(database: $0).revoke(name: name, force: force) }
                Terminal.standardOutput.writeLine(TerminalText.escape("revoked key \(name)"))
                if revocation.rotated {
                    Terminal.standardOutput.writeLine(
                        "made a new organisation key for the remaining keys; now run `vtrack keys rewrap` to move earlier applicants to it"
                    )
                }
                if revocation.destroyed > 0 {
                    Terminal.standardError.writeLine(
                        "destroyed the sealed data of \(revocation.destroyed) applicant(s) that only this key could open")
                }
            }
        }
    }

    struct Rewrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move applicants' data keys to the current organisation key.",
            discussion: """
                After a revocation (older applicants are on the retired organisation key) or
                an upgrade (applicants sealed for coordinator keys one by one): moves every
                data key your key can open, a batch per transaction. Every applicant stays
                openable at every moment; safe to stop and run again.
                Example:
                  vtrack keys rewrap
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var keyFile: KeyFileOptions
        @Option(help: "Applicants per transaction.") var batchSize = 1_000

        func validate() throws {
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() async throws {
            try await CLIFailure.run {
                let key = try keyFile.load()
                let summary = try await database.withDatabase { try await Self.rewrap(with: key, batchSize: batchSize, in: $0) }
                Terminal.standardOutput.writeLine("moved \(summary.moved) applicant(s) to the current organisation key")
            }
        }

        /// Moves what `key` opens, saying how far it got on stderr and what is
        /// left for other coordinators.
        static func rewrap(with key: CoordinatorPrivateKey, batchSize: Int, in database: Database) async throws -> KeyRewrapSummary {
            let summary = try await KeyRewrap(database: database, key: key).run(batchSize: batchSize) { done in
                Terminal.standardError.writeLine("moved \(done)…")
            }
            if summary.notOpenableByRewrapper > 0 {
                Terminal.standardError.writeLine(
                    "\(summary.notOpenableByRewrapper) applicant(s) are left that your key cannot open; a coordinator whose key can should run `vtrack keys rewrap`"
                )
            }
            return summary
        }
    }

    struct InitOrganisation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init-organisation",
            abstract: "Upgrade: make the organisation key and move what your key opens to it.",
            discussion: """
                For a database whose applicants are sealed for every coordinator key one by
                one (before vtrack had an organisation key). Makes the organisation key,
                wraps it for every registered key, then moves the applicants your key opens
                to it, as `vtrack keys rewrap` does. The server seals for the organisation
                key within seconds.
                Example:
                  vtrack keys init-organisation
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var keyFile: KeyFileOptions

        func run() async throws {
            try await CLIFailure.run {
                let key = try keyFile.load()
                let summary = try await database.withDatabase { database in
                    _ = try await PersonalDataRepository(database: database, key: key).registeredKey()
                    try await OrganisationKeyRepository(database: database).createFirst()
                    return try await Rewrap.rewrap(with: key, batchSize: 1_000, in: database)
                }
                Terminal.standardOutput.writeLine(
                    "made the organisation key and moved \(summary.moved) applicant(s) to it; new applications are sealed for it"
                )
            }
        }
    }
}
