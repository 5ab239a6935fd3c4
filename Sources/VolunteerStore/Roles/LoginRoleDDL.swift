import Logging
import PostgresNIO
import VolunteerCore

/// Creating vtrack's logins, in one place. DDL takes no bind parameters: the
/// caller has checked the name (`LoginRoleName`), and the statement carries
/// the password's SCRAM verifier, never the password, which PostgreSQL would
/// log with the statement's text if it failed.
enum LoginRoleDDL {
    /// Creates `name` as a login in `groups`; refuses a name some role has.
    static func create(
        _ name: String, password: LoginPassword, in groups: [String], on connection: PostgresConnection, logger: Logger
    ) async throws {
        if try await exists(name, on: connection, logger: logger) {
            throw DomainError.alreadyExists(entity: "database role", key: name)
        }
        try await connection.query(
            PostgresQuery(
                unsafeSQL: #"CREATE ROLE "\#(name)" LOGIN PASSWORD '\#(password.verifier)' IN ROLE \#(groups.joined(separator: ", "))"#),
            logger: logger
        )
    }

    /// Whether some role (a login or a group) has this name in the cluster.
    static func exists(_ name: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await connection.query(
            "SELECT count(*)::int FROM pg_roles WHERE rolname = \(name)", logger: logger
        ).collect().first!.decode(Int.self) > 0
    }
}
