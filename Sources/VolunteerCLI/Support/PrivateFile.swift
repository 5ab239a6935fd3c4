import Foundation

/// Why a file only its owner may read (a key, a password) was not written.
enum PrivateFileError: Error, Equatable, CustomStringConvertible {
    case exists(path: String)
    case unwritable(path: String, reason: String)

    var description: String {
        switch self {
        case .exists(let path): "\(path) already exists and is never overwritten; give the path of a new file"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}

/// A new file (mode 0600) written under a temporary name, made final by
/// `commit()` once what it holds is in use (a key registered, a password
/// set), or removed by `discard()` if that fails. Never over an existing file.
struct PrivateFileCreation {
    let path: String
    let temporaryPath: String

    init(path: String, contents: String) throws(PrivateFileError) {
        guard !FileManager.default.fileExists(atPath: path) else { throw .exists(path: path) }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .unwritable(path: path, reason: "cannot create its folder")
            }
        }
        self.path = path
        self.temporaryPath = try PrivateFile.temporaryCopy(of: contents, beside: path)
    }

    func commit() throws(PrivateFileError) {
        // link() fails if `path` appeared meanwhile: never overwrite it.
        defer { unlink(temporaryPath) }
        guard link(temporaryPath, path) == 0 else {
            throw errno == EEXIST ? .exists(path: path) : .unwritable(path: path, reason: String(cString: strerror(errno)))
        }
    }

    func discard() {
        unlink(temporaryPath)
    }
}

enum PrivateFile {
    /// `contents` in a new file (mode 0600) next to `path`, on disk before
    /// it returns; its name.
    static func temporaryCopy(of contents: String, beside path: String) throws(PrivateFileError) -> String {
        let temporaryPath = path + ".new-\(UUID().uuidString.prefix(8))"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(contents.utf8))
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(temporaryPath)
            throw .unwritable(path: path, reason: String(describing: error))
        }
        return temporaryPath
    }

    /// Puts `contents` in place of the file at `path` at once: a crash
    /// leaves the old file or the new one, never half of either.
    static func replace(_ path: String, with contents: String) throws(PrivateFileError) {
        let temporaryPath = try temporaryCopy(of: contents, beside: path)
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw .unwritable(path: path, reason: reason)
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
