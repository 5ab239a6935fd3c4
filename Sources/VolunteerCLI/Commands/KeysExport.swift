import ArgumentParser
import Foundation
import VolunteerCore

/// `vtrack keys export`: the private key, sealed with a passphrase of its
/// own, in a new file to keep apart from the database's backups.
struct KeysExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write your private key, sealed with an export passphrase, to a new file for safekeeping.",
        discussion: """
            Opens your key file (asking its passphrase if it has one) and writes the key to
            the new file --out names, mode 0600, never over an existing file. The export is
            always sealed (scrypt, then ChaCha20-Poly1305, as a key file with a passphrase)
            with a passphrase of its own, asked twice on the terminal or read as one line
            from --new-passphrase-fd N. Keep it apart from the database's backups: a dump
            opens nothing without a coordinator's key. `vtrack keys import FILE` brings it
            back.
            Examples:
              vtrack keys export --out /media/usb/ana.vtrack-key
              vtrack keys export --out ana.vtrack-key --passphrase-fd 3 --new-passphrase-fd 4 3<key.txt 4<export.txt
            """
    )
    @OptionGroup var keyFile: KeyFileOptions
    @Option(help: "The new file to write the sealed key to.") var out: String
    @Option(name: .customLong("new-passphrase-fd"), help: "Read the export's passphrase, one line, from this open file descriptor.")
    var newPassphraseDescriptor: Int32?

    func run() async throws {
        try await CLIFailure.run {
            // Before any passphrase is asked: a refusal after typing two is unkind.
            guard !FileManager.default.fileExists(atPath: out) else { throw PrivateFileError.exists(path: out) }
            let key = try keyFile.load()
            let passphrase = try Passphrase.chosen(
                descriptor: newPassphraseDescriptor, command: "vtrack keys export", unsealedFlag: nil, file: "the export")
            let contents = try KeySealingCost.fileContents(key, passphrase: passphrase)
            try PrivateFileCreation(path: out, contents: contents).commit()
            Terminal.standardOutput.writeLine(
                TerminalText.escape("exported key \(key.fingerprint) to \(out), sealed with the export passphrase"))
        }
    }
}
