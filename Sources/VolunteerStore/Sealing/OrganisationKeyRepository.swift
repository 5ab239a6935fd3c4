import Crypto
import Foundation
import Logging
import PostgresNIO
import VolunteerCore

/// The organisation key as `vtrack keys list` shows it.
public struct OrganisationKeyStatus: Sendable, Equatable, Codable {
    public let fingerprint: String
    public let createdBy: String
    public let createdAt: Date
    /// Applicants whose data key is wrapped for it.
    public let applicants: Int
    /// Applicants still on retired organisation keys (`vtrack keys rewrap` moves them).
    public let applicantsOnRetiredKeys: Int
    /// Applicants still sealed the earlier way, for coordinator keys one by one.
    public let applicantsOnCoordinatorKeys: Int
}

/// The organisation key pair: made, rotated, and opened with a coordinator's key.
public struct OrganisationKeyRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The current organisation key's public half, under its id: all the
    /// server reads of it. Nil before the organisation key exists.
    public func current() async throws -> RecipientKey? {
        let rows = try await database.client.query(
            "SELECT id, public_key FROM organisation_keys WHERE retired_at IS NULL", logger: database.logger
        )
        for try await (id, raw) in rows.decode((UUID, ByteBuffer).self) {
            return try RecipientKey(id: id, name: "organisation", rawPublicKey: Array(buffer: raw))
        }
        return nil
    }

    /// A sealer for what the database takes now: the organisation key, or
    /// every coordinator key before it exists (`SealingError.noRecipients` without any).
    public func sealer() async throws -> PersonalDataSealer {
        if let organisation = try await current() { return PersonalDataSealer(organisationKey: organisation) }
        return try PersonalDataSealer(recipients: try await KeyRepository(database: database).recipients())
    }

    /// Makes a new organisation key, wrapped for `grantees`, current (the one
    /// before is retired), on `connection`, so that a caller can make it part
    /// of a larger transaction (a revocation). Returns its id.
    @discardableResult
    static func create(grantedTo grantees: [RecipientKey], on connection: PostgresConnection, logger: Logger) async throws -> UUID {
        let key = OrganisationPrivateKey.generate()
        let wraps = try grantees.map { try key.wrap(for: $0) }
        return try await connection.query(
            """
            SELECT create_organisation_key(
                \(ByteBuffer(bytes: key.publicKey.rawRepresentation)), \(wraps.map(\.keyID))::uuid[],
                \(wraps.map { ByteBuffer(bytes: $0.encapsulatedKey) })::bytea[], \(wraps.map { ByteBuffer(bytes: $0.ciphertext) })::bytea[])
            """,
            logger: logger
        ).collect().first!.decode(UUID.self)
    }

    /// Makes the first organisation key, wrapped for every registered
    /// coordinator key: they all opened new applicants until now, and keep
    /// doing so. From then on the server seals for it.
    public func createFirst() async throws {
        guard try await createFirst(onlyInANewDatabase: false) else {
            throw DomainError.alreadyExists(entity: "organisation key", key: "current")
        }
    }

    /// The first organisation key, in a database that has sealed nothing
    /// the earlier way: a new installation starts with one. Whether it made it.
    @discardableResult
    public func createFirstInANewDatabase() async throws -> Bool {
        try await createFirst(onlyInANewDatabase: true)
    }

    private func createFirst(onlyInANewDatabase: Bool) async throws -> Bool {
        try await database.withTransaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('vtrack.keys'))", logger: database.logger)
            let existing = try await connection.query(
                """
                SELECT EXISTS (SELECT 1 FROM organisation_keys), EXISTS (SELECT 1 FROM applicant_keys)
                """,
                logger: database.logger
            ).collect().first!.decode((Bool, Bool).self)
            guard !existing.0, !(onlyInANewDatabase && existing.1) else { return false }
            let grantees = try await KeyRepository.recipients(on: connection, logger: database.logger)
            guard !grantees.isEmpty else { throw SealingError.noRecipients }
            try await Self.create(grantedTo: grantees, on: connection, logger: database.logger)
            return true
        }
    }

    /// Every organisation key `reader` holds a grant for, opened with `key`:
    /// one HPKE opening per organisation key, once per command.
    public func keyring(for reader: RecipientKey, key: CoordinatorPrivateKey) async throws -> OrganisationKeyring {
        let rows = try await database.client.query(
            """
            SELECT o.id, o.public_key, g.encapsulated_key, g.wrapped_key
            FROM organisation_key_grants g JOIN organisation_keys o ON o.id = g.organisation_key_id
            WHERE g.key_id = \(reader.id)
            """,
            logger: database.logger
        )
        var opened: [UUID: OrganisationPrivateKey] = [:]
        for try await (id, raw, encapsulated, wrapped) in rows.decode((UUID, ByteBuffer, ByteBuffer, ByteBuffer).self) {
            let publicKey = try RecipientKey(id: id, name: "organisation", rawPublicKey: Array(buffer: raw)).publicKey
            opened[id] = try OrganisationPrivateKey(
                publicKey: publicKey,
                unwrapping: WrappedOrganisationKey(
                    keyID: reader.id, encapsulatedKey: Array(buffer: encapsulated), ciphertext: Array(buffer: wrapped)),
                with: key
            )
        }
        return OrganisationKeyring(reader: reader, key: key, organisationKeys: opened)
    }

    /// Nil before the organisation key exists.
    public func status() async throws -> OrganisationKeyStatus? {
        let rows = try await database.client.query(
            """
            SELECT o.fingerprint, o.created_by, o.created_at,
                   (SELECT count(*) FROM applicant_data_keys d WHERE d.organisation_key_id = o.id)::bigint,
                   (SELECT count(*) FROM applicant_data_keys d
                    WHERE d.organisation_key_id IN (SELECT r.id FROM organisation_keys r WHERE r.retired_at IS NOT NULL))::bigint,
                   (SELECT count(DISTINCT w.applicant_id) FROM applicant_keys w)::bigint
            FROM organisation_keys o WHERE o.retired_at IS NULL
            """,
            logger: database.logger
        )
        for try await (fingerprint, by, at, applicants, retired, legacy) in rows.decode((String, String, Date, Int, Int, Int).self) {
            return OrganisationKeyStatus(
                fingerprint: fingerprint, createdBy: by, createdAt: at, applicants: applicants,
                applicantsOnRetiredKeys: retired, applicantsOnCoordinatorKeys: legacy
            )
        }
        return nil
    }
}

/// A coordinator's key with the organisation keys it opens: what turns a
/// wrapped data key from the database into the data key.
public struct OrganisationKeyring: Sendable {
    public let reader: RecipientKey
    let key: CoordinatorPrivateKey
    let organisationKeys: [UUID: OrganisationPrivateKey]

    /// The data key, from its wrap for the organisation key `organisationKeyID`
    /// or, when nil, for the reader's own key. `KeyAccessError.notGranted`
    /// when the reader holds no grant for that organisation key.
    func dataKey(_ wrapped: WrappedDataKey, organisationKeyID: UUID?, applicantID: UUID) throws -> DataKey {
        guard let organisationKeyID else { return try key.unwrap(wrapped, applicantID: applicantID) }
        guard let organisation = organisationKeys[organisationKeyID] else {
            throw KeyAccessError.notGranted(keyName: reader.name, applicants: 1)
        }
        return try organisation.unwrap(wrapped, applicantID: applicantID)
    }

    func opens(organisationKey id: UUID) -> Bool { organisationKeys[id] != nil }

    /// The opened organisation key `id`, if the reader holds it.
    public func organisationKey(_ id: UUID) -> OrganisationPrivateKey? { organisationKeys[id] }
}
