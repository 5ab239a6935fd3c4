import Foundation
import Logging
import VolunteerStore

/// What scripts/test hands the suite: a superuser URL for a throwaway cluster,
/// and where the freshly built binaries are.
public enum TestEnvironment {
    public static func adminSettings() throws -> DatabaseSettings {
        guard let url = ProcessInfo.processInfo.environment["VTRACK_TEST_DATABASE_URL"] else {
            throw MissingTestDatabase()
        }
        return try DatabaseSettings(url: url)
    }

    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var migrationsDirectory: URL { repositoryRoot.appendingPathComponent("migrations") }

    /// `vtrack` or `vtrack-server` as built by scripts/test.
    public static func binary(_ name: String) -> URL {
        let folder =
            ProcessInfo.processInfo.environment["VTRACK_BIN_DIR"]
            ?? repositoryRoot.appendingPathComponent(".build/debug").path
        return URL(fileURLWithPath: folder).appendingPathComponent(name)
    }

    public static let logger: Logger = {
        var logger = Logger(label: "vtrack-tests")
        logger.logLevel = .warning
        return logger
    }()
}

public struct MissingTestDatabase: Error, CustomStringConvertible {
    public var description: String {
        "VTRACK_TEST_DATABASE_URL is not set: run the tests with scripts/test, which starts a throwaway PostgreSQL"
    }
}
