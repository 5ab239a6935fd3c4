import Foundation
import PostgresNIO
import VolunteerCore

/// What `vtrack keys grant` did.
public struct KeyGrantSummary: Sendable, Equatable, Codable {
    /// Data keys newly wrapped for the grantee.
    public var granted: Int
    /// Applicants the grantee still cannot open because the granter cannot either.
    public var notOpenableByGranter: Int

    public init(granted: Int, notOpenableByGranter: Int) {
        self.granted = granted
        self.notOpenableByGranter = notOpenableByGranter
    }
}

/// Wraps every data key the granter can open for another registered key, in
/// batches of one transaction each. Resumable: each run picks up the
/// applicants the grantee still lacks.
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
        var summary = KeyGrantSummary(granted: 0, notOpenableByGranter: 0)
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
        summary.notOpenableByGranter = try await database.client.query(
            """
            SELECT count(*)::bigint FROM applicant_personal_data p
            WHERE NOT EXISTS (SELECT 1 FROM applicant_keys w WHERE w.applicant_id = p.applicant_id AND w.key_id = \(grantee.id))
            """,
            logger: database.logger
        ).collect().first!.decode(Int.self)
        return summary
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
