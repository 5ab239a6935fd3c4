import ArgumentParser
import Foundation
import VolunteerCore

/// `--key-file`, else `VTRACK_KEY_FILE`, else `~/.config/vtrack/key`; and
/// the passphrase of a sealed key file, from `--passphrase-fd`, else
/// `VTRACK_PASSPHRASE_FD`, else the terminal.
struct KeyFileOptions: ParsableArguments {
    @Option(name: .customLong("key-file"), help: "Your private key (default: $VTRACK_KEY_FILE, then ~/.config/vtrack/key).")
    var path: String?

    @Option(
        name: .customLong("passphrase-fd"),
        help:
            "Read the key file's passphrase, one line, from this open file descriptor (default: $VTRACK_PASSPHRASE_FD, then ask on the terminal)."
    )
    var passphraseDescriptor: Int32?

    var resolvedPath: String {
        if let path { return path }
        if let path = ProcessInfo.processInfo.environment["VTRACK_KEY_FILE"], !path.isEmpty { return path }
        // $HOME first, as shells do; Foundation on Linux reads the password file.
        let home =
            ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home).appendingPathComponent(".config/vtrack/key").path
    }

    /// The descriptor a passphrase is read from, if one was named.
    var descriptor: Int32? {
        get throws {
            if let passphraseDescriptor { return passphraseDescriptor }
            guard let text = ProcessInfo.processInfo.environment["VTRACK_PASSPHRASE_FD"], !text.isEmpty else { return nil }
            guard let descriptor = Int32(text), descriptor >= 0 else {
                throw ValidationError("VTRACK_PASSPHRASE_FD must be a file descriptor number, not `\(text)`")
            }
            return descriptor
        }
    }

    func load() throws -> CoordinatorPrivateKey {
        try Self.open(resolvedPath, passphraseDescriptor: try descriptor)
    }

    /// The key in the key file at `path` (or an export of one), asking its
    /// passphrase on the terminal unless `passphraseDescriptor` holds it.
    static func open(_ path: String, passphraseDescriptor: Int32?) throws -> CoordinatorPrivateKey {
        let contents: KeyFileContents
        do {
            contents = try KeyFileContents(KeyFileReading.contents(of: path))
        } catch let error as SealingError {
            throw KeyFileError.malformed(path: path, reason: error.description)
        }
        switch contents {
        case .plain(let key):
            return key
        case .passphraseSealed(let sealed):
            let passphrase: String
            if let passphraseDescriptor {
                passphrase = try Passphrase.read(fromDescriptor: passphraseDescriptor)
            } else if let typed = try Passphrase.prompt("Passphrase for \(path): ") {
                passphrase = typed
            } else {
                throw KeyFileError.passphraseNeeded(path: path)
            }
            do {
                return try sealed.open(passphrase: passphrase, weakest: KeySealingCost.weakestAccepted)
            } catch KeyPassphraseError.wrongPassphrase {
                throw KeyFileError.wrongPassphrase(path: path)
            } catch let error as KeyPassphraseError {
                throw KeyFileError.malformed(path: path, reason: error.description)
            }
        }
    }

    /// Writes `key` readable by its owner only, never over an existing file:
    /// a key replaced by mistake could never open its data again.
    func create(_ key: CoordinatorPrivateKey, passphrase: String?) throws -> PrivateFileCreation {
        let contents = try KeySealingCost.fileContents(key, passphrase: passphrase)
        return try KeyFileError.writing { () throws(PrivateFileError) in try PrivateFileCreation(path: resolvedPath, contents: contents) }
    }
}

/// scrypt's cost for key files: `ScryptCost.standard` to write and
/// `.weakestAccepted` to read, unless the test suite lowers both (the
/// undocumented VTRACK_TEST_SCRYPT_N) so that its many key files take
/// milliseconds instead of seconds each in a debug build.
enum KeySealingCost {
    static let lowered: ScryptCost? = ProcessInfo.processInfo.environment["VTRACK_TEST_SCRYPT_N"]
        .flatMap(Int.init).flatMap { try? ScryptCost(n: $0, r: 8, p: 1) }

    static var sealing: ScryptCost { lowered ?? .standard }
    static var weakestAccepted: ScryptCost { lowered ?? .weakestAccepted }

    static func fileContents(_ key: CoordinatorPrivateKey, passphrase: String?) throws -> String {
        guard let passphrase else { return key.fileContents }
        return try PassphraseSealedKey.seal(key, passphrase: passphrase, cost: sealing).fileContents(fingerprint: key.fingerprint)
    }
}
