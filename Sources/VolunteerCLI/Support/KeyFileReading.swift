import Foundation

/// Reads a key file only if it is a regular file of the user's own that no
/// one else may read or write: a key others can read has leaked, and one
/// others can write may have been swapped for theirs. Checked on the open
/// descriptor, so the file cannot be exchanged between check and read.
enum KeyFileReading {
    static func contents(of path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw errno == ENOENT ? KeyFileError.missing(path: path) : KeyFileError.unreadable(path: path)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw KeyFileError.unreadable(path: path) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw KeyFileError.notARegularFile(path: path) }
        guard status.st_uid == geteuid() else { throw KeyFileError.foreignOwner(path: path, owner: status.st_uid, user: geteuid()) }
        let permissions = Int(status.st_mode & 0o7777)
        guard permissions & 0o077 == 0 else { throw KeyFileError.exposed(path: path, mode: permissions) }
        guard let data = try? handle.readToEnd() else { throw KeyFileError.unreadable(path: path) }
        return String(decoding: data, as: UTF8.self)
    }
}
