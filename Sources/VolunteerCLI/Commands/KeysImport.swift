import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack keys import FILE`: an export back into a key file.
struct KeysImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a key exported with `vtrack keys export` to your key file.",
        discussion: """
            Asks the export's passphrase (or reads it from --passphrase-fd N), then writes
            the key to the key file (--key-file, $VTRACK_KEY_FILE, then
            ~/.config/vtrack/key; mode 0600, never over an existing file), sealed with a new
            passphrase asked twice on the terminal or read from --new-passphrase-fd N;
            --no-passphrase writes it in clear. Prints the key's fingerprint. Works offline;
            with --database-url or $DATABASE_URL it also says whether the key is registered
            in that database.
            Examples:
              vtrack keys import /media/usb/ana.vtrack-key
              vtrack keys import ana.vtrack-key --passphrase-fd 3 --new-passphrase-fd 4 3<export.txt 4<key.txt
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var keyFile: KeyFileOptions
    @Argument(help: "The file `vtrack keys export` wrote.") var file: String
    @Option(name: .customLong("new-passphrase-fd"), help: "Read the key file's new passphrase, one line, from this open file descriptor.")
    var newPassphraseDescriptor: Int32?
    @Flag(help: "Write the key file in clear, without a passphrase.") var noPassphrase = false

    func validate() throws {
        if noPassphrase, newPassphraseDescriptor != nil {
            throw ValidationError("--no-passphrase and --new-passphrase-fd exclude each other; give one")
        }
    }

    func run() async throws {
        try await CLIFailure.run {
            let path = keyFile.resolvedPath
            guard !FileManager.default.fileExists(atPath: path) else { throw KeyFileError.exists(path: path) }
            let key = try KeyFileOptions.open(file, passphraseDescriptor: try keyFile.descriptor)
            let passphrase = try Passphrase.new(
                descriptor: newPassphraseDescriptor, unsealed: noPassphrase, command: "vtrack keys import", unsealedFlag: "--no-passphrase")
            let created = try keyFile.create(key, passphrase: passphrase)
            try KeyFileError.writing { () throws(PrivateFileError) in try created.commit() }
            Terminal.standardOutput.writeLine(TerminalText.escape("imported key \(key.fingerprint) to \(created.path)"))
            if databaseNamed { await sayWhetherRegistered(key) }
        }
    }

    /// Only a database named on purpose: the PG* fallback would try one on every offline import.
    private var databaseNamed: Bool {
        database.url != nil || !(ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "").isEmpty
    }

    private func sayWhetherRegistered(_ key: CoordinatorPrivateKey) async {
        do {
            let registered = try await database.withDatabase { try await KeyRepository(database: $0).find(publicKey: key.publicKey) }
            if let registered {
                Terminal.standardOutput.writeLine(TerminalText.escape("the database has it registered as key \(registered.name)"))
            } else {
                Terminal.standardError.writeLine(
                    "the database has no key with this fingerprint registered (see `vtrack keys list`); it opens nothing there")
            }
        } catch {
            // The key file is written; the check is a courtesy.
            Terminal.standardError.writeLine("could not check the database: \(TerminalText.escape(CLIFailure.describe(error).1))")
        }
    }
}
