import ArgumentParser
import Foundation
import VolunteerCore

/// `--key-file`, else `VTRACK_KEY_FILE`, else `~/.config/vtrack/key`.
struct KeyFileOptions: ParsableArguments {
    @Option(name: .customLong("key-file"), help: "Your private key (default: $VTRACK_KEY_FILE, then ~/.config/vtrack/key).")
    var path: String?

    var resolvedPath: String {
        if let path { return path }
        if let path = ProcessInfo.processInfo.environment["VTRACK_KEY_FILE"], !path.isEmpty { return path }
        // $HOME first, as shells do; Foundation on Linux reads the password file.
        let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home).appendingPathComponent(".config/vtrack/key").path
    }

    func load() throws -> CoordinatorPrivateKey {
        let path = resolvedPath
        guard FileManager.default.fileExists(atPath: path) else { throw KeyFileError.missing(path: path) }
        guard let contents = FileManager.default.contents(atPath: path) else { throw KeyFileError.unreadable(path: path) }
        do {
            return try CoordinatorPrivateKey(fileContents: String(decoding: contents, as: UTF8.self))
        } catch let error as SealingError {
            throw KeyFileError.malformed(path: path, reason: error.description)
        }
    }

    /// Writes `key` readable by its owner only, never over an existing file:
    /// a key replaced by mistake could never open its data again.
    func create(_ key: CoordinatorPrivateKey) throws -> KeyFileCreation {
        try KeyFileCreation(path: resolvedPath, key: key)
    }
}

/// A key file written under a temporary name, made final by `commit()` once
/// its public key is registered, or removed by `discard()` if that fails.
struct KeyFileCreation {
    let path: String
    let temporaryPath: String

    init(path: String, key: CoordinatorPrivateKey) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw KeyFileError.exists(path: path) }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        self.path = path
        self.temporaryPath = path + ".new-\(UUID().uuidString.prefix(8))"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw KeyFileError.unwritable(path: path, reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(key.fileContents.utf8))
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(temporaryPath)
            throw KeyFileError.unwritable(path: path, reason: String(describing: error))
        }
    }

    func commit() throws {
        // link() fails if `path` appeared meanwhile: never overwrite a key.
        defer { unlink(temporaryPath) }
        guard link(temporaryPath, path) == 0 else {
            throw errno == EEXIST
                ? KeyFileError.exists(path: path)
                : KeyFileError.unwritable(path: path, reason: String(cString: strerror(errno)))
        }
    }

    func discard() {
        unlink(temporaryPath)
    }
}

enum KeyFileError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String)
    case malformed(path: String, reason: String)
    case exists(path: String)
    case unwritable(path: String, reason: String)

    var description: String {
        switch self {
        case .missing(let path):
            "no key file at \(path); create one with `vtrack keys init --name NAME`, or point --key-file or VTRACK_KEY_FILE at yours"
        case .unreadable(let path):
            "cannot read the key file \(path); check its owner and permissions"
        case .malformed(let path, let reason):
            "\(path) is not a usable vtrack key: \(reason)"
        case .exists(let path):
            "\(path) already exists and is never overwritten; pass --key-file for a new one, or keep using it"
        case .unwritable(let path, let reason):
            "cannot write the key file \(path): \(reason)"
        }
    }
}
