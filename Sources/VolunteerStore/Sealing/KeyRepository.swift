import Crypto
import Foundation
import Logging
import PostgresNIO
import VolunteerCore

/// A registered coordinator key and how many applicants it can open.
public struct RegisteredKey: Sendable, Equatable, Codable {
    public let id: UUID
    public let name: String
    public let fingerprint: String
    public let registeredBy: String
    public let registeredAt: Date
    public let applicantsItCanOpen: Int
}

/// Coordinators' public keys: registered, listed, revoked.
public struct KeyRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func register(name: String, publicKey: Curve25519.KeyAgreement.PublicKey) async throws -> RegisteredKey {
        guard KeyName.isValid(name) else {
            throw DomainError.invalid(field: "key name", reason: KeyName.rule)
        }
        // The database derives the fingerprint from the key (KeyFingerprint's rule).
        let id = try await mappingDatabaseErrors(entity: "key", key: name) {
            try await database.write(
                """
                INSERT INTO coordinator_keys (name, public_key)
                VALUES (\(name), \(ByteBuffer(bytes: publicKey.rawRepresentation))) RETURNING id
                """
            ).first!.decode(UUID.self)
        }
        return try await list().first { $0.id == id }!
    }

    /// Every key with the number of applicants it opens: data keys wrapped for
    /// it, or for an organisation key it holds.
    /// By name (unique); all of them unless `limit` is given.
    public func list(limit: Int? = nil, offset: Int = 0) async throws -> [RegisteredKey] {
        let rows = try await database.client.query(
            """
            SELECT k.id, k.name, k.fingerprint, k.registered_by, k.registered_at,
                   ((SELECT count(*) FROM applicant_keys w WHERE w.key_id = k.id)
                    + (SELECT count(*) FROM applicant_data_keys d
                       WHERE d.organisation_key_id IN (SELECT g.organisation_key_id FROM organisation_key_grants g WHERE g.key_id = k.id)))::bigint
            FROM coordinator_keys k ORDER BY k.name LIMIT \(limit) OFFSET \(offset)
            """,
            logger: database.logger
        )
        var keys: [RegisteredKey] = []
        for try await (id, name, fingerprint, by, at, count) in rows.decode((UUID, String, String, String, Date, Int).self) {
            keys.append(
                RegisteredKey(
                    id: id, name: name, fingerprint: fingerprint, registeredBy: by, registeredAt: at, applicantsItCanOpen: count
                ))
        }
        return keys
    }

    /// How many applicants have sealed personal data at all.
    public func sealedApplicantCount() async throws -> Int {
        try await database.client.query("SELECT count(*)::bigint FROM applicant_personal_data", logger: database.logger)
            .collect().first!.decode(Int.self)
    }

    /// The public keys to seal for before the organisation key exists: all
    /// the server reads of this table.
    public func recipients() async throws -> [RecipientKey] {
        try await database.client.withConnection { try await Self.recipients(on: $0, logger: database.logger) }
    }

    /// The registered public keys, or those that hold the current organisation key.
    static func recipients(
        on connection: PostgresConnection, holdingTheOrganisationKey: Bool = false, logger: Logger
    ) async throws -> [RecipientKey] {
        // The server's role may read coordinator_keys only, so the grants are
        // named only when asked for.
        let rows = try await connection.query(
            holdingTheOrganisationKey
                ? """
                SELECT k.id, k.name, k.public_key FROM coordinator_keys k
                WHERE EXISTS (
                    SELECT 1 FROM organisation_key_grants g JOIN organisation_keys o ON o.id = g.organisation_key_id
                    WHERE g.key_id = k.id AND o.retired_at IS NULL)
                ORDER BY k.id
                """
                : "SELECT id, name, public_key FROM coordinator_keys ORDER BY id",
            logger: logger
        )
        var keys: [RecipientKey] = []
        for try await (id, name, raw) in rows.decode((UUID, String, ByteBuffer).self) {
            keys.append(try RecipientKey(id: id, name: name, rawPublicKey: Array(buffer: raw)))
        }
        return keys
    }

    /// The registered key whose public half is `publicKey`, if any.
    public func find(publicKey: Curve25519.KeyAgreement.PublicKey) async throws -> RecipientKey? {
        let rows = try await database.client.query(
            "SELECT id, name FROM coordinator_keys WHERE public_key = \(ByteBuffer(bytes: publicKey.rawRepresentation))",
            logger: database.logger
        )
        for try await (id, name) in rows.decode((UUID, String).self) {
            return RecipientKey(id: id, name: name, publicKey: publicKey)
        }
        return nil
    }

    public func find(name: String) async throws -> RecipientKey? {
        let rows = try await database.client.query(
            "SELECT id, name, public_key FROM coordinator_keys WHERE name = \(name)", logger: database.logger
        )
        for try await (id, name, raw) in rows.decode((UUID, String, ByteBuffer).self) {
            return try RecipientKey(id: id, name: name, rawPublicKey: Array(buffer: raw))
        }
        return nil
    }

    /// Deletes the key and every data key wrapped for it. Refused when some
    /// applicants could then be opened by no key at all, unless `force`,
    /// which destroys those applicants' sealed data and notes first (an
    /// event each): the database never keeps data that nobody can open.
    /// A key that holds the current organisation key is revoked by rotating
    /// it in the same transaction: a new organisation key, wrapped for the
    /// other keys that hold it (or, if none does, for every other key), is
    /// sealed for from then on; `KeyRewrap` moves the older data keys to it.
    @discardableResult
    public func revoke(name: String, force: Bool) async throws -> KeyRevocation {
        let logger = database.logger
        do {
            return try await database.withTransaction { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext('vtrack.keys'))", logger: logger)
                let holders = try await Self.recipients(on: connection, holdingTheOrganisationKey: true, logger: logger)
                var rotated = false
                if holders.contains(where: { $0.name == name }) {
                    var grantees = holders.filter { $0.name != name }
                    if grantees.isEmpty {
                        grantees = try await Self.recipients(on: connection, logger: logger).filter { $0.name != name }
                    }
                    if !grantees.isEmpty {
                        try await OrganisationKeyRepository.create(grantedTo: grantees, on: connection, logger: logger)
                        rotated = true
                    }
                }
                let destroyed = try await connection.query("SELECT revoke_coordinator_key(\(name), \(force))", logger: logger)
                    .collect().first!.decode(Int.self)
                return KeyRevocation(destroyed: destroyed, rotated: rotated)
            }
        } catch let error as PSQLError where error.sqlState == VtrackSQLState.noSuchKey {
            throw DomainError.notFound(entity: "key", id: name)
        } catch let error as PSQLError where error.sqlState == VtrackSQLState.lastKeyForSomeone {
            throw KeyAccessError.onlyKeyFor(name: name, applicants: Int(error.serverInfo?[.detail] ?? "") ?? 0)
        }
    }
}

extension KeyRepository {
    /// Revokes each key `coordinator` registered, as `revoke` does (rotating
    /// the organisation key), for a coordinator who leaves. Returns the
    /// keys' names; stops at the first key that alone opens some applicants.
    public func revokeKeys(registeredBy coordinator: String) async throws -> [String] {
        var revoked: [String] = []
        for key in try await list() where key.registeredBy == coordinator {
            try await revoke(name: key.name, force: false)
            revoked.append(key.name)
        }
        return revoked
    }
}

/// What revoking a key did.
public struct KeyRevocation: Sendable, Equatable {
    /// Applicants whose data was destroyed because only this key opened it.
    public let destroyed: Int
    /// Whether a new organisation key was made (older data keys wait for `vtrack keys rewrap`).
    public let rotated: Bool

    public init(destroyed: Int, rotated: Bool) {
        self.destroyed = destroyed
        self.rotated = rotated
    }
}

enum KeyName {
    static let rule = "1 to 63 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter"

    static func isValid(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-z][a-z0-9_.\-]{0,62}/) != nil
    }
}
