import ArgumentParser
import Foundation
import VolunteerCore

/// `vtrack keys passphrase`: seal a key file with a new passphrase, or unseal it.
struct KeysPassphrase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passphrase",
        abstract: "Change, add or (with --remove) remove your key file's passphrase.",
        discussion: """
            Opens the key (asking its current passphrase if it has one), then writes it
            again sealed with the new passphrase, asked twice on the terminal or read from
            --new-passphrase-fd N. The file is replaced at once: a crash leaves the old file
            or the new one. The key itself does not change, so nothing is registered again.
            Examples:
              vtrack keys passphrase
              vtrack keys passphrase --passphrase-fd 3 --new-passphrase-fd 4 3<old.txt 4<new.txt
              vtrack keys passphrase --remove
            """
    )
    @OptionGroup var keyFile: KeyFileOptions
    @Option(name: .customLong("new-passphrase-fd"), help: "Read the new passphrase, one line, from this open file descriptor.")
    var newPassphraseDescriptor: Int32?
    @Flag(help: "Write the key in clear, without a passphrase.") var remove = false

    func validate() throws {
        if remove, newPassphraseDescriptor != nil { throw ValidationError("--remove and --new-passphrase-fd exclude each other; give one") }
    }

    func run() async throws {
        try await CLIFailure.run {
            let key = try keyFile.load()
            let passphrase = try Passphrase.new(
                descriptor: newPassphraseDescriptor, unsealed: remove, command: "vtrack keys passphrase", unsealedFlag: "--remove"
            )
            let path = keyFile.resolvedPath
            let contents = try KeySealingCost.fileContents(key, passphrase: passphrase)
            try KeyFileError.writing { () throws(PrivateFileError) in try PrivateFile.replace(path, with: contents) }
            Terminal.standardOutput.writeLine(
                TerminalText.escape(
                    passphrase == nil ? "\(path) now holds the key in clear" : "\(path) is sealed with the new passphrase"
                ))
        }
    }
}
