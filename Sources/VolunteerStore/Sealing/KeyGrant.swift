import Foundation
import PostgresNIO
import VolunteerCore

/// What `vtrack keys grant` did.
public struct KeyGrantSummary: Sendable, Equatable, Codable {
    /// Applicants the grantee can open now and could not before.
    public var granted: Int
    /// Applicants the grantee still cannot open because the granter cannot either.
    public var notOpenableByGranter: Int

    public init(granted: Int, notOpenableByGranter: Int) {
        self.granted = granted
        self.notOpenableByGranter = notOpenableByGranter
    }
}

/// Lets another registered key open what the granter opens: each
/// organisation key the granter holds is wrapped for the grantee (one row
/// each, whatever the number of applicants), then each data key still
/// sealed the earlier way, for coordinator keys one by one, in batches of
/// one transaction each. Resumable: each run picks up what the grantee still lacks.
public struct KeyGrant: Sendable {
    let database: Database
    let granter: CoordinatorPrivateKey

    public init(database: Database, granter: CoordinatorPrivateKey) {
        self.database = database
        self.granter = granter
    }

    public func grant(
        to granteeName: String, batchSize: Int = 500, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> KeyGrantSummary {
        let keys = KeyRepository(database: database)
        guard let grantee = try await keys.find(name: granteeName) else {
            throw DomainError.notFound(entity: "key", id: granteeName)
        }
        guard let reader = try await keys.find(publicKey: granter.publicKey) else {
            throw KeyAccessError.notRegistered(fingerprint: granter.fingerprint)
        }
        var summary = KeyGrantSummary(granted: try await grantOrganisationKeys(to: grantee, reader: reader), notOpenableByGranter: 0)
        var after = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        while true {
            let batch = try await missing(for: grantee.id, readableBy: reader.id, after: after, limit: batchSize)
            guard let last = batch.last else { break }
            let wrapped = try batch.map { applicant, wrappedForReader in
                let dataKey = try granter.unwrap(wrappedForReader, applicantID: applicant)
                return (applicant, try dataKey.wrap(for: grantee, applicantID: applicant))
            }
            try await insert(wrapped)
            summary.granted += wrapped.count
            progress(summary.granted)
            after = last.0
        }
        // Every applicant is on an organisation key or on coordinator keys
        // (the database sees to it): count both sides by their indexes.
        summary.notOpenableByGranter = try await database.client.query(
            """
            SELECT ((SELECT count(*) FROM applicant_data_keys d
                     WHERE d.organisation_key_id IN (
                         SELECT o.id FROM organisation_keys o
                         WHERE NOT EXISTS (SELECT 1 FROM organisation_key_grants g WHERE g.organisation_key_id = o.id AND g.key_id = \(grantee.id))))
                  + (SELECT count(DISTINCT w.applicant_id) FROM applicant_keys w
                     WHERE NOT EXISTS (SELECT 1 FROM applicant_keys g WHERE g.applicant_id = w.applicant_id AND g.key_id = \(grantee.id))))::bigint
            """,
            logger: database.logger
        ).collect().first!.decode(Int.self)
        return summary
    }

    /// Wraps each organisation key the granter holds and the grantee lacks
    /// for the grantee, in one statement (an `organisation_key.granted`
    /// event each); returns how many applicants those keys open.
    private func grantOrganisationKeys(to grantee: RecipientKey, reader: RecipientKey) async throws -> Int {
        let keyring = try await OrganisationKeyRepository(database: database).keyring(for: reader, key: granter)
        let held = try await database.client.query(
            "SELECT organisation_key_id FROM organisation_key_grants WHERE key_id = \(grantee.id)", logger: database.logger
        ).collect().map { try $0.decode(UUID.self) }
        let wraps = try keyring.organisationKeys.filter { !held.contains($0.key) }.map { id, key in (id, try key.wrap(for: grantee)) }
        guard !wraps.isEmpty else { return 0 }
        let rows = try await database.write(
            """
            WITH granted AS (
                INSERT INTO organisation_key_grants (organisation_key_id, key_id, encapsulated_key, wrapped_key)
                SELECT g.id, \(grantee.id), g.encapsulated, g.wrapped FROM unnest(
                    \(wraps.map(\.0))::uuid[], \(wraps.map { ByteBuffer(bytes: $0.1.encapsulatedKey) })::bytea[],
                    \(wraps.map { ByteBuffer(bytes: $0.1.ciphertext) })::bytea[]) AS g (id, encapsulated, wrapped)
                RETURNING organisation_key_id
            )
            SELECT count(*)::bigint FROM applicant_data_keys d WHERE d.organisation_key_id IN (SELECT organisation_key_id FROM granted)
            """
        )
        return try rows[0].decode(Int.self)
    }

    private func missing(
        for grantee: UUID, readableBy reader: UUID, after: UUID, limit: Int
    ) async throws -> [(UUID, WrappedDataKey)] {
        let rows = try await database.client.query(
            """
            SELECT w.applicant_id, w.encapsulated_key, w.wrapped_key FROM applicant_keys w
            WHERE w.key_id = \(reader) AND w.applicant_id > \(after)
              AND NOT EXISTS (SELECT 1 FROM applicant_keys g WHERE g.applicant_id = w.applicant_id AND g.key_id = \(grantee))
            ORDER BY w.applicant_id LIMIT \(limit)
            """,
            logger: database.logger
        )
        var batch: [(UUID, WrappedDataKey)] = []
        for try await (applicant, encapsulated, wrapped) in rows.decode((UUID, ByteBuffer, ByteBuffer).self) {
            batch.append((applicant, WrappedDataKey(keyID: reader, encapsulated: encapsulated, wrapped: wrapped)))
        }
        return batch
    }

    /// One batch; the database counts it in a `key.granted` event.
    private func insert(_ wrapped: [(UUID, WrappedDataKey)]) async throws {
        try await database.write(
            """
            INSERT INTO applicant_keys (applicant_id, key_id, encapsulated_key, wrapped_key)
            SELECT * FROM unnest(
                \(wrapped.map(\.0))::uuid[], \(wrapped.map(\.1.keyID))::uuid[],
                \(wrapped.map { ByteBuffer(bytes: $0.1.encapsulatedKey) })::bytea[],
                \(wrapped.map { ByteBuffer(bytes: $0.1.ciphertext) })::bytea[])
            ON CONFLICT DO NOTHING
            """
        )
    }
}
