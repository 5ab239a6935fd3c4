import Foundation

/// Why a key file could not be used or written (exit 77, but 1 for `exists`).
enum KeyFileError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String)
    case malformed(path: String, reason: String)
    case exists(path: String)
    case unwritable(path: String, reason: String)
    case notARegularFile(path: String)
    case foreignOwner(path: String, owner: UInt32, user: UInt32)
    case exposed(path: String, mode: Int)
    case passphraseNeeded(path: String)
    case wrongPassphrase(path: String)

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
        case .notARegularFile(let path):
            "the key file \(path) is not a regular file; point --key-file or VTRACK_KEY_FILE at the file itself"
        case .foreignOwner(let path, let owner, let user):
            "the key file \(path) belongs to user id \(owner), not to you (\(user)); someone else could have replaced it: use a key file of your own"
        case .exposed(let path, let mode):
            "the key file \(path) has mode \(String(format: "%04o", mode)), so others may read or change it; it was not used. Make it yours alone with: chmod 600 \(path)"
        case .passphraseNeeded(let path):
            "the key file \(path) is sealed with a passphrase and there is no terminal to ask on; give --passphrase-fd N (or VTRACK_PASSPHRASE_FD=N) with the passphrase on that descriptor"
        case .wrongPassphrase(let path):
            "wrong passphrase for the key file \(path)"
        }
    }
}

extension KeyFileError {
    /// A key file's own words for a file that could not be written.
    static func writing<Result>(_ body: () throws(PrivateFileError) -> Result) throws(KeyFileError) -> Result {
        do {
            return try body()
        } catch {
            switch error {
            case .exists(let path): throw .exists(path: path)
            case .unwritable(let path, let reason): throw .unwritable(path: path, reason: reason)
            }
        }
    }
}
