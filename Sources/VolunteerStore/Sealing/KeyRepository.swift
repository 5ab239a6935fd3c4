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
        let fingerprint = KeyFingerprint.of(publicKey)
        let id = try await mappingDatabaseErrors(entity: "key", key: name) {
            try await database.client.query(
                """
                INSERT INTO coordinator_keys (name, public_key, fingerprint)
                VALUES (\(name), \(ByteBuffer(bytes: publicKey.rawRepresentation)), \(fingerprint)) RETURNING id
                """,
                logger: database.logger
            ).collect().first!.decode(UUID.self)
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
    /// applicants could then be opened by no key at all, unless `force`.
    public func revoke(name: String, force: Bool) async throws {
        try await database.withTransaction { connection in
            // Two revokes at once could each leave the other's applicants keyless.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('vtrack.keys'))", logger: database.logger)
            let rows = try await connection.query(
                "SELECT id FROM coordinator_keys WHERE name = \(name)", logger: database.logger
            ).collect()
            guard let id = try rows.first?.decode(UUID.self) else {
                throw DomainError.notFound(entity: "key", id: name)
            }
            let orphans = try await connection.query(
                """
                SELECT count(*)::bigint FROM applicant_keys w
                WHERE w.key_id = \(id)
                  AND NOT EXISTS (SELECT 1 FROM applicant_keys o WHERE o.applicant_id = w.applicant_id AND o.key_id <> w.key_id)
                """,
                logger: database.logger
            ).collect().first!.decode(Int.self)
            if orphans > 0, !force {
                throw KeyAccessError.onlyKeyFor(name: name, applicants: orphans)
            }
            try await connection.query("DELETE FROM coordinator_keys WHERE id = \(id)", logger: database.logger)
        }
    }
}

enum KeyName {
    static let rule = "1 to 63 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter"

    static func isValid(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-z][a-z0-9_.\-]{0,62}/) != nil
    }
}
