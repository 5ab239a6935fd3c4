import Foundation
import Logging
import PostgresNIO
import VolunteerCore
import VolunteerStore

/// A database of its own for one test, dropped when the test ends, so that
/// tests run in parallel and leave nothing behind.
public struct TestDatabase: Sendable {
    public let name: String
    public let settings: DatabaseSettings

    /// An empty database: no tables, not even `schema_migrations`.
    @discardableResult
    public static func withEmpty<Result>(
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        try await with(template: "template0", body)
    }

    /// A copy of a database that has every migration in `migrations/` applied.
    @discardableResult
    public static func withMigrated<Result>(
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        try await with(template: MigratedTemplate.shared.name(), body)
    }

    private static func with<Result>(
        template: String, _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        try await DatabaseSlots.withSlot {
            let database = try await create(from: template)
            do {
                let result = try await body(database)
                try await database.drop()
                return result
            } catch {
                try? await database.drop()
                throw error
            }
        }
    }

    /// A migrated database under a fixed name that outlives the test, for
    /// scripts/test to inspect afterwards (it goes with the throwaway cluster).
    public static func kept(named name: String) async throws -> TestDatabase {
        let admin = try TestEnvironment.adminSettings()
        let template = try await MigratedTemplate.shared.name()
        try await runAsSuperuser(on: admin, #"DROP DATABASE IF EXISTS "\#(name)" WITH (FORCE)"#)
        try await runAsSuperuser(on: admin, #"CREATE DATABASE "\#(name)" TEMPLATE "\#(template)""#)
        try await copyPrivileges(of: template, to: name)
        var settings = admin
        settings.database = name
        return TestDatabase(name: name, settings: settings)
    }

    static func create(from template: String) async throws -> TestDatabase {
        let admin = try TestEnvironment.adminSettings()
        let name = "vt_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        try await Self.runAsSuperuser(on: admin, #"CREATE DATABASE "\#(name)" TEMPLATE "\#(template)""#)
        try await copyPrivileges(of: template, to: String(name))
        var settings = admin
        settings.database = String(name)
        return TestDatabase(name: String(name), settings: settings)
    }

    /// A copy gets the default privileges on the database itself, not its
    /// template's: the migrations revoke some (temporary tables), and a test
    /// must see the database as migrated.
    static func copyPrivileges(of template: String, to name: String) async throws {
        try await runAsSuperuser(
            on: TestEnvironment.adminSettings(),
            """
            UPDATE pg_database SET datacl = (SELECT datacl FROM pg_database WHERE datname = '\(template)')
            WHERE datname = '\(name)'
            """
        )
    }

    func drop() async throws {
        try await Self.runAsSuperuser(
            on: TestEnvironment.adminSettings(), #"DROP DATABASE IF EXISTS "\#(name)" WITH (FORCE)"#
        )
    }

    /// Runs `body` with a running connection pool on this database.
    @discardableResult
    public func withDatabase<Result: Sendable>(
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        try await Database.withDatabase(settings, logger: TestEnvironment.logger, body)
    }

    /// Runs statements, in order and in one session, on this database as the
    /// cluster's superuser.
    public func superuser(_ statements: String...) async throws {
        try await superuser(statements: statements)
    }

    /// A script's statements, in order and in one session, as the superuser.
    public func superuser(script: String) async throws {
        try await superuser(statements: try SQLScript.statements(in: script).map(\.text))
    }

    public func superuser(statements: [String]) async throws {
        try await Self.withConnection(to: settings) { connection in
            for sql in statements {
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestEnvironment.logger)
            }
        }
    }

    /// Settings for a new login role that belongs to `group` (for example
    /// `vtrack_coordinator`): tests of permissions run as the application's
    /// roles, never as a superuser. `attributes` are CREATE ROLE's (`CREATEROLE`).
    public func withRole<Result>(
        in group: String?, attributes: String = "", _ body: (DatabaseSettings) async throws -> Result
    ) async throws -> Result {
        let role = "vt_role_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let password = UUID().uuidString
        let membership = group.map { " IN ROLE \($0)" } ?? ""
        try await Self.clusterSuperuser(#"CREATE ROLE "\#(role)" LOGIN \#(attributes) PASSWORD '\#(password)'\#(membership)"#)
        var settings = self.settings
        settings.username = String(role)
        settings.password = password
        do {
            let result = try await body(settings)
            try? await Self.clusterSuperuser(#"DROP ROLE IF EXISTS "\#(role)""#)
            return result
        } catch {
            try? await Self.clusterSuperuser(#"DROP ROLE IF EXISTS "\#(role)""#)
            throw error
        }
    }

    /// Runs SQL as the superuser against the cluster's maintenance database.
    public static func clusterSuperuser(_ sql: String) async throws {
        try await runAsSuperuser(on: TestEnvironment.adminSettings(), sql)
    }

    /// The rows of a one-column query, as text.
    public func values(_ sql: String) async throws -> [String?] {
        try await Self.withConnection(to: settings) { connection in
            var values: [String?] = []
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestEnvironment.logger)
                .decode(String?.self)
            {
                values.append(value)
            }
            return values
        }
    }

    static func runAsSuperuser(on settings: DatabaseSettings, _ sql: String) async throws {
        do {
            try await withConnection(to: settings) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestEnvironment.logger)
            }
        } catch let error as PSQLError {
            throw SetUpFailure(statement: sql, error: error)
        }
    }

    @discardableResult
    static func withConnection<Result>(
        to settings: DatabaseSettings, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await PostgresConnection.connect(
            configuration: settings.postgresConnectionConfiguration(), id: 1, logger: TestEnvironment.logger
        )
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Migrating once and copying is far faster than migrating every test's database.
actor MigratedTemplate {
    static let shared = MigratedTemplate()
    private var creation: Task<String, any Error>?

    func name() async throws -> String {
        if let creation { return try await creation.value }
        let task = Task {
            let database = try await TestDatabase.create(from: "template0")
            let migrations = try MigrationDirectory.load(TestEnvironment.migrationsDirectory)
            try await database.withDatabase { db in
                try await MigrationRunner(migrations: migrations, logger: TestEnvironment.logger).migrate(on: db)
            }
            return database.name
        }
        creation = task
        return try await task.value
    }
}

/// A set-up statement that failed, with PostgreSQL's own words: PSQLError's
/// description hides them (they may hold data in production; here they hold
/// only the test's own names).
public struct SetUpFailure: Error, CustomStringConvertible {
    public let statement: String
    public let error: PSQLError

    public var description: String {
        let server = error.serverInfo
        let fields = [server?[.sqlState], server?[.message], server?[.detail]].compactMap { $0 }
        return "set-up failed: \(statement): \(fields.isEmpty ? "\(error.code)" : fields.joined(separator: " — "))"
    }
}
