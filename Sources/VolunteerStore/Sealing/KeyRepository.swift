import Crypto
import Foundation
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

    /// Every key with the number of applicants whose data key is wrapped for it.
    public func list() async throws -> [RegisteredKey] {
        let rows = try await database.client.query(
            """
            SELECT k.id, k.name, k.fingerprint, k.registered_by, k.registered_at,
                   (SELECT count(*) FROM applicant_keys w WHERE w.key_id = k.id)::bigint
            FROM coordinator_keys k ORDER BY k.name
            """,
            logger: database.logger
        )
        var keys: [RegisteredKey] = []
        for try await (id, name, fingerprint, by, at, count) in rows.decode((UUID, String, String, String, Date, Int).self) {
            keys.append(RegisteredKey(
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

    /// The public keys to seal for: all the server reads of this table.
    public func recipients() async throws -> [RecipientKey] {
        let rows = try await database.client.query(
            "SELECT id, name, public_key FROM coordinator_keys ORDER BY id", logger: database.logger
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
    /// Returns how many applicants' data was destroyed.
    @discardableResult
    public func revoke(name: String, force: Bool) async throws -> Int {
        do {
            return try await database.write(
                "SELECT revoke_coordinator_key(\(name), \(force))"
            ).first!.decode(Int.self)
        } catch let error as PSQLError where error.sqlState == VtrackSQLState.noSuchKey {
            throw DomainError.notFound(entity: "key", id: name)
        } catch let error as PSQLError where error.sqlState == VtrackSQLState.lastKeyForSomeone {
            throw KeyAccessError.onlyKeyFor(name: name, applicants: Int(error.serverInfo?[.detail] ?? "") ?? 0)
        }
    }
}

enum KeyName {
    static let rule = "1 to 63 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter"

    static func isValid(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-z][a-z0-9_.\-]{0,62}/) != nil
    }
}
