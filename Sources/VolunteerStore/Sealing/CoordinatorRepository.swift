import Foundation
import PostgresNIO
import VolunteerCore

public struct Coordinator: Sendable, Equatable, Codable {
    public let name: String
    public let addedBy: String
    public let addedAt: Date
    public let removedAt: Date?
}

/// A new coordinator's login, shown once.
public struct CoordinatorLogin: Sendable {
    public let name: String
    public let password: String
    /// Made again for a coordinator a restored database lists: their key is still registered.
    public let restored: Bool
}

/// Coordinators are database login roles in `vtrack_coordinator`, so that
/// the database itself knows who acted (the event log's actor). Adding and
/// removing them needs a role with CREATEROLE, such as the schema's owner.
public struct CoordinatorRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public static let nameRule = LoginRoleName.rule

    /// `vtrack_` is kept for vtrack's own roles.
    public static func isValidName(_ name: String) -> Bool {
        LoginRoleName.isWellFormed(name) && !name.hasPrefix("vtrack_")
    }

    /// Creates the login role (or lets a removed coordinator in again, or
    /// makes the login of one a restored database lists) with a new random password.
    public func add(name: String) async throws -> CoordinatorLogin {
        guard Self.isValidName(name) else { throw DomainError.invalid(field: "coordinator name", reason: Self.nameRule) }
        // Role names and passwords cannot be bound in DDL: the name is checked
        // above, and the statements carry the password's SCRAM verifier
        // (base64, `$` and `:`), never the password (see LoginRoleDDL).
        let login = try LoginPassword.generate()
        let restored = try await mappingDatabaseErrors(entity: "coordinator", key: name) {
            try await database.withTransaction { connection in
                let existing = try await connection.query(
                    "SELECT removed_at FROM coordinators WHERE name = \(name) FOR UPDATE", logger: database.logger
                ).collect()
                if let row = existing.first {
                    let removed = try row.decode(Date?.self) != nil
                    // A restored database: its coordinators' logins stayed in the old cluster.
                    if try await !LoginRoleDDL.exists(name, on: connection, logger: database.logger) {
                        try await LoginRoleDDL.create(
                            name, password: login, in: ["vtrack_coordinator"], on: connection, logger: database.logger)
                        if removed {
                            try await connection.query(
                                "UPDATE coordinators SET removed_at = NULL WHERE name = \(name)", logger: database.logger)
                        }
                        return true
                    }
                    guard removed else {
                        throw DomainError.alreadyExists(entity: "coordinator", key: name)
                    }
                    try await connection.query(
                        PostgresQuery(unsafeSQL: #"ALTER ROLE "\#(name)" LOGIN PASSWORD '\#(login.verifier)'"#), logger: database.logger)
                    try await connection.query(
                        PostgresQuery(unsafeSQL: #"GRANT vtrack_coordinator TO "\#(name)""#), logger: database.logger)
                    try await connection.query("UPDATE coordinators SET removed_at = NULL WHERE name = \(name)", logger: database.logger)
                    return false
                }
                try await LoginRoleDDL.create(name, password: login, in: ["vtrack_coordinator"], on: connection, logger: database.logger)
                try await connection.query("INSERT INTO coordinators (name) VALUES (\(name))", logger: database.logger)
                return false
            }
        }
        return CoordinatorLogin(name: name, password: login.password, restored: restored)
    }

    /// Stops the role from logging in and takes away its privileges; its name
    /// stays in the event log and the list.
    public func remove(name: String) async throws {
        guard Self.isValidName(name) else { throw DomainError.invalid(field: "coordinator name", reason: Self.nameRule) }
        try await mappingDatabaseErrors(entity: "coordinator", key: name) {
            try await database.withTransaction { connection in
                let updated = try await connection.query(
                    "UPDATE coordinators SET removed_at = now() WHERE name = \(name) AND removed_at IS NULL RETURNING id",
                    logger: database.logger
                ).collect()
                guard !updated.isEmpty else { throw DomainError.notFound(entity: "active coordinator", id: name) }
                try await connection.query(PostgresQuery(unsafeSQL: #"ALTER ROLE "\#(name)" NOLOGIN"#), logger: database.logger)
                try await connection.query(PostgresQuery(unsafeSQL: #"REVOKE vtrack_coordinator FROM "\#(name)""#), logger: database.logger)
            }
        }
    }

    /// By name (unique); all of them unless `limit` is given.
    public func list(limit: Int? = nil, offset: Int = 0) async throws -> [Coordinator] {
        let rows = try await database.client.query(
            "SELECT name, added_by, added_at, removed_at FROM coordinators ORDER BY name LIMIT \(limit) OFFSET \(offset)",
            logger: database.logger
        )
        var coordinators: [Coordinator] = []
        for try await (name, by, at, removed) in rows.decode((String, String, Date, Date?).self) {
            coordinators.append(Coordinator(name: name, addedBy: by, addedAt: at, removedAt: removed))
        }
        return coordinators
    }

    /// Refuses a name that is not a current coordinator.
    public func requireCurrent(_ name: String) async throws {
        guard try await list().contains(where: { $0.name == name && $0.removedAt == nil }) else {
            throw DomainError.unknownReference(entity: "coordinator", key: name)
        }
    }
}
