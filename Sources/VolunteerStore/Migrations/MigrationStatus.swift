import Foundation
import VolunteerCore

/// How one migration file stands against the database.
public struct MigrationStatus: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        case applied
        case pending
        /// Applied, but the file has changed since.
        case changed
        /// Applied by another build of vtrack; this build has no such file.
        case unknown
    }

    public let version: Int
    public let fileName: String
    public let state: State
    public let appliedAt: Date?

    static func compare(files: MigrationSet, applied: [AppliedMigration]) -> [MigrationStatus] {
        let appliedByVersion = Dictionary(uniqueKeysWithValues: applied.map { ($0.version, $0) })
        var statuses = files.migrations.map { file -> MigrationStatus in
            guard let record = appliedByVersion[file.version] else {
                return MigrationStatus(version: file.version, fileName: file.fileName, state: .pending, appliedAt: nil)
            }
            let state: State = record.checksum == file.checksum ? .applied : .changed
            return MigrationStatus(version: file.version, fileName: file.fileName, state: state, appliedAt: record.appliedAt)
        }
        let known = Set(files.migrations.map(\.version))
        for record in applied where !known.contains(record.version) {
            statuses.append(
                MigrationStatus(
                    version: record.version, fileName: String(format: "%04d", record.version) + "_\(record.name).sql",
                    state: .unknown, appliedAt: record.appliedAt
                ))
        }
        return statuses.sorted { $0.version < $1.version }
    }
}
