import Logging
import VolunteerCore
import VolunteerStore

/// What the server checks before it listens: the database answers, and its
/// schema is the one this build expects; and what it warns of.
public enum ServerStartup {
    public static func checkSchema(
        database: Database, migrations: MigrationSet, logger: Logger
    ) async throws(StartupError) {
        let status: [MigrationStatus]
        do {
            status = try await withTimeout(.seconds(10)) {
                try await MigrationRunner(migrations: migrations, logger: logger).status(on: database)
            }
        } catch {
            throw .database(DatabaseUnavailable(settings: database.settings, error: error))
        }
        let pending = status.filter { $0.state == .pending }.map(\.fileName)
        if !pending.isEmpty { throw .schemaBehind(pending: pending) }
        if let changed = status.first(where: { $0.state == .changed }) {
            throw .schemaChanged(fileName: changed.fileName)
        }
        for unknown in status where unknown.state == .unknown {
            logger.warning(
                "database has a migration this build does not know",
                metadata: [
                    "migration": "\(unknown.fileName)"
                ])
        }
    }

    /// Every application must name a recorded privacy notice, so a server
    /// without one refuses them all: say so where the operator looks first.
    public static func warnWithoutPrivacyNotice(database: Database, logger: Logger) async {
        guard
            let notices = try? await withTimeout(.seconds(10), operation: { try await PrivacyNoticeRepository(database: database).list() }),
            notices.isEmpty
        else { return }
        logger.warning("no privacy notice is recorded: applications are refused until one is (vtrack privacy-notice add VERSION --url URL)")
    }
}

public enum StartupError: Error, CustomStringConvertible {
    case database(DatabaseUnavailable)
    case schemaBehind(pending: [String])
    case schemaChanged(fileName: String)

    public var description: String {
        switch self {
        case .database(let error):
            error.description
        case .schemaBehind(let pending):
            "the database schema is behind this build (pending: \(pending.joined(separator: ", "))); run `vtrack migrate` first"
        case .schemaChanged(let fileName):
            "\(fileName) changed after it was applied; restore the file, then run `vtrack migrate`"
        }
    }
}
