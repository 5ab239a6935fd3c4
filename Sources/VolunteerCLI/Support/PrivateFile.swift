import Foundation

/// A key file written under a temporary name, made final by `commit()` once
/// its public key is registered, or removed by `discard()` if that fails.
struct KeyFileCreation {
    let path: String
    let temporaryPath: String

    init(path: String, contents: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw KeyFileError.exists(path: path) }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        self.path = path
        self.temporaryPath = try KeyFileWriting.temporaryCopy(of: contents, beside: path)
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

enum KeyFileWriting {
    /// `contents` in a new file (mode 0600) next to `path`, on disk before
    /// it returns; its name.
    static func temporaryCopy(of contents: String, beside path: String) throws -> String {
        let temporaryPath = path + ".new-\(UUID().uuidString.prefix(8))"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw KeyFileError.unwritable(path: path, reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(contents.utf8))
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(temporaryPath)
            throw KeyFileError.unwritable(path: path, reason: String(describing: error))
        }
        return temporaryPath
    }

    /// Puts `contents` in place of the file at `path` at once: a crash
    /// leaves the old file or the new one, never half of either.
    static func replace(_ path: String, with contents: String) throws {
        let temporaryPath = try temporaryCopy(of: contents, beside: path)
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw KeyFileError.unwritable(path: path, reason: reason)
        }
        // The rename itself is durable only once the folder is on disk.
        let folder = (path as NSString).deletingLastPathComponent
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}
