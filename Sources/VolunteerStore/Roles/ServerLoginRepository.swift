import Foundation
import Logging
import PostgresNIO
import VolunteerCore

/// A login that `vtrack-server` connects as.
public struct ServerLogin: Sendable, Equatable, Codable {
    public let name: String
    /// In `vtrack_sealer`: it links the audit chain as well as taking applications.
    public let seals: Bool
    public let canLogIn: Bool

    enum CodingKeys: String, CodingKey {
        case name, seals
        case canLogIn = "can_log_in"
    }
}

/// The servers' logins: roles in `vtrack_api`, and in `vtrack_sealer` unless
/// the server is to be blind to the audit log. Each instance may have its
/// own, so that one can be removed without touching the others. Creating and
/// dropping them needs CREATEROLE, as the schema's owner has.
public struct ServerLoginRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public static let nameRule = LoginRoleName.rule + "; not one of vtrack's group roles"

    public static func isValidName(_ name: String) -> Bool {
        LoginRoleName.isWellFormed(name) && !LoginRoleName.groups.contains(name)
    }

    /// Creates the login with `password` (`LoginPassword.generate()`), of
    /// which only the SCRAM verifier reaches the database.
    public func add(name: String, password: LoginPassword, sealer: Bool) async throws {
        try Self.requireValid(name)
        let groups = sealer ? ["vtrack_api", "vtrack_sealer"] : ["vtrack_api"]
        try await database.withTransaction { connection in
            try await LoginRoleDDL.create(name, password: password, in: groups, on: connection, logger: database.logger)
        }
    }

    /// Drops the login. Its open connections lose every right at once, with
    /// its memberships; the events it caused keep its name.
    public func remove(name: String) async throws {
        try Self.requireValid(name)
        try await database.withTransaction { connection in
            let servers = try await Self.list(on: connection, logger: database.logger)
            guard servers.contains(where: { $0.name == name }) else {
                throw DomainError.notFound(entity: "server login", id: name)
            }
            try await connection.query(PostgresQuery(unsafeSQL: #"DROP ROLE "\#(name)""#), logger: database.logger)
        }
    }

    public func list() async throws -> [ServerLogin] {
        try await database.client.withConnection { try await Self.list(on: $0, logger: database.logger) }
    }

    /// Roles directly in vtrack_api or vtrack_sealer that are not coordinators.
    static func list(on connection: PostgresConnection, logger: Logger) async throws -> [ServerLogin] {
        let rows = try await connection.query(
            """
            SELECT r.rolname, r.rolcanlogin, bool_or(g.rolname = 'vtrack_sealer'), bool_or(g.rolname = 'vtrack_coordinator')
            FROM pg_roles r
            JOIN pg_auth_members m ON m.member = r.oid
            JOIN pg_roles g ON g.oid = m.roleid AND g.rolname IN ('vtrack_api', 'vtrack_sealer', 'vtrack_coordinator')
            GROUP BY r.rolname, r.rolcanlogin
            ORDER BY r.rolname
            """,
            logger: logger
        )
        var servers: [ServerLogin] = []
        for try await (name, canLogIn, seals, coordinates) in rows.decode((String, Bool, Bool, Bool).self)
        where !coordinates && !LoginRoleName.groups.contains(name) {
            servers.append(ServerLogin(name: name, seals: seals, canLogIn: canLogIn))
        }
        return servers
    }

    private static func requireValid(_ name: String) throws {
        guard isValidName(name) else { throw DomainError.invalid(field: "server login name", reason: nameRule) }
    }
}
