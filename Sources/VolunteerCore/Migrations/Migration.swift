import Crypto

/// One numbered schema change: `migrations/0001_initial.sql`.
public struct Migration: Sendable, Equatable {
    public let fileName: String
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file's bytes, hex. An applied file must never change.
    public let checksum: String

    public init(fileName: String, contents: String) throws(MigrationError) {
        guard let (version, name) = Self.parse(fileName: fileName) else {
            throw .invalidFileName(fileName)
        }
        self.fileName = fileName
        self.version = version
        self.name = name
        self.sql = contents
        self.checksum = SHA256.hash(data: Array(contents.utf8)).hexString
    }

    /// `NNNN_snake_name.sql`, with a version of at least one digit and above zero.
    static func parse(fileName: String) -> (Int, String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit),
            let version = Int(digits), version > 0,
            !name.isEmpty,
            name.allSatisfy({ $0.isASCIIDigit || $0 == "_" || ("a"..."z").contains($0) })
        else { return nil }
        return (version, String(name))
    }

    /// The file's statements. Transaction control is refused: the runner wraps
    /// each file in its own transaction, and a COMMIT inside would break that.
    public func statements() throws(MigrationError) -> [SQLScript.Statement] {
        let statements: [SQLScript.Statement]
        do {
            statements = try SQLScript.statements(in: sql)
        } catch {
            throw .unreadableSQL(fileName: fileName, reason: error.description)
        }
        for statement in statements {
            let keyword = statement.text.prefix { $0.isLetter }.uppercased()
            if ["BEGIN", "COMMIT", "ROLLBACK", "START", "END", "SAVEPOINT", "RELEASE"].contains(keyword) {
                throw .unreadableSQL(
                    fileName: fileName,
                    reason: "line \(statement.line): \(keyword) is not allowed; each file already runs in its own transaction"
                )
            }
        }
        return statements
    }
}

/// The ordered migrations a build of vtrack knows about.
public struct MigrationSet: Sendable {
    public let migrations: [Migration]

    public init(_ migrations: [Migration]) throws(MigrationError) {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.version == next.version {
            throw .duplicateVersion(previous.version, previous.fileName, next.fileName)
        }
        self.migrations = sorted
    }

    public var latestVersion: Int? { migrations.last?.version }
}

public enum MigrationError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidFileName(String)
    case duplicateVersion(Int, String, String)
    case unreadableSQL(fileName: String, reason: String)
    case directoryNotFound(String)
    case checksumMismatch(fileName: String)
    case failed(fileName: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidFileName(let name):
            "migration file \(name) is not named NNNN_lowercase_name.sql"
        case .duplicateVersion(let version, let first, let second):
            "migrations \(first) and \(second) share version \(version)"
        case .unreadableSQL(let fileName, let reason):
            "cannot split \(fileName) into statements: \(reason)"
        case .directoryNotFound(let path):
            "no migrations directory at \(path)"
        case .checksumMismatch(let fileName):
            "\(fileName) was changed after it was applied; restore it and add a new migration instead"
        case .failed(let fileName, let line, let reason):
            "\(fileName) failed at the statement on line \(line): \(reason); nothing of it was applied"
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
