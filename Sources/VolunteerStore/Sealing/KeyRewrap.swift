import Foundation
import PostgresNIO
import VolunteerCore

/// What `vtrack keys rewrap` did.
public struct KeyRewrapSummary: Sendable, Equatable, Codable {
    /// Data keys moved to the current organisation key.
    public var moved: Int
    /// Applicants left where they are because the rewrapping key cannot open them.
    public var notOpenableByRewrapper: Int
    /// Message keys moved to the current organisation key.
    public var messagesMoved: Int

    public init(moved: Int, notOpenableByRewrapper: Int, messagesMoved: Int = 0) {
        self.moved = moved
        self.notOpenableByRewrapper = notOpenableByRewrapper
        self.messagesMoved = messagesMoved
    }
}

/// Moves every data key the coordinator can open to the current organisation
/// key: those wrapped for a retired organisation key (after a revocation),
/// and those still wrapped for coordinator keys one by one (after an
/// upgrade). A batch per transaction, each row moved in one statement, so
/// that stopping at any moment leaves every applicant openable; a new run
/// picks up what is left.
public struct KeyRewrap: Sendable {
    let database: Database
    let key: CoordinatorPrivateKey

    public init(database: Database, key: CoordinatorPrivateKey) {
        self.database = database
        self.key = key
    }

    public func run(batchSize: Int = 1_000, progress: @Sendable (Int) -> Void = { _ in }) async throws -> KeyRewrapSummary {
        var summary = KeyRewrapSummary(moved: 0, notOpenableByRewrapper: 0)
        var keyring = try await PersonalDataRepository(database: database, key: key).keyring()
        var after = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        while true {
            guard let target = try await OrganisationKeyRepository(database: database).current() else {
                throw DomainError.notFound(entity: "organisation key", id: "current")
            }
            let batch = try await movable(to: target.id, keyring: keyring, after: after, limit: batchSize)
            guard let last = batch.last else { break }
            let rewrapped = try batch.map { applicant, organisationKey, wrapped in
                let dataKey = try keyring.dataKey(wrapped, organisationKeyID: organisationKey, applicantID: applicant)
                return (applicant, organisationKey == nil, try dataKey.wrap(for: target, applicantID: applicant))
            }
            do {
                try await write(rewrapped)
            } catch SealingError.staleRecipients {
                // Rotated meanwhile: the new key opens the same rows again from here.
                keyring = try await PersonalDataRepository(database: database, key: key).keyring()
                continue
            }
            summary.moved += rewrapped.count
            progress(summary.moved)
            after = last.0
        }
        summary.messagesMoved = try await moveMessages(keyring: keyring, batchSize: batchSize)
        summary.notOpenableByRewrapper = try await notMoved()
        return summary
    }

    /// Message keys on a retired organisation key the reader holds, moved
    /// to the current one a batch per statement (the database logs each and
    /// drops the retired key once nothing depends on it).
    private func moveMessages(keyring: OrganisationKeyring, batchSize: Int) async throws -> Int {
        var moved = 0
        var after = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        while true {
            guard let target = try await OrganisationKeyRepository(database: database).current() else { return moved }
            let held = keyring.organisationKeys.keys.filter { $0 != target.id }
            let rows = try await database.client.query(
                """
                SELECT id, organisation_key_id, encapsulated_key, wrapped_key FROM messages
                WHERE organisation_key_id = ANY (\(Array(held))::uuid[]) AND id > \(after)
                ORDER BY id LIMIT \(batchSize)
                """,
                logger: database.logger
            ).collect()
            guard !rows.isEmpty else { return moved }
            var ids: [UUID] = []
            var encapsulated: [ByteBuffer] = []
            var wrapped: [ByteBuffer] = []
            for row in rows {
                let (id, from, oldEncapsulated, oldWrapped) = try row.decode((UUID, UUID, ByteBuffer, ByteBuffer).self)
                let rewrapped = try SealedMessage.rewrap(
                    WrappedKey(keyID: from, encapsulated: oldEncapsulated, wrapped: oldWrapped), id: id,
                    from: keyring.organisationKey(from)!, to: target)
                ids.append(id)
                encapsulated.append(ByteBuffer(bytes: rewrapped.encapsulatedKey))
                wrapped.append(ByteBuffer(bytes: rewrapped.ciphertext))
            }
            do {
                _ = try await mappingDatabaseErrors(entity: "message key", key: "batch") {
                    try await database.write(
                        """
                        UPDATE messages m
                        SET organisation_key_id = \(target.id), encapsulated_key = n.encapsulated, wrapped_key = n.wrapped
                        FROM unnest(\(ids)::uuid[], \(encapsulated)::bytea[], \(wrapped)::bytea[]) AS n (id, encapsulated, wrapped)
                        WHERE m.id = n.id
                        """
                    )
                }
            } catch SealingError.staleRecipients {
                continue  // Rotated meanwhile: the same rows move to the newer key.
            }
            moved += ids.count
            after = ids.last!
        }
    }

    /// The next data keys by applicant id that are not on `target` and that
    /// the keyring opens: on a retired organisation key it holds, or wrapped
    /// for the reader's own key the earlier way.
    private func movable(
        to target: UUID, keyring: OrganisationKeyring, after: UUID, limit: Int
    ) async throws -> [(UUID, UUID?, WrappedDataKey)] {
        let held = keyring.organisationKeys.keys.filter { $0 != target }
        let rows = try await database.client.query(
            """
            (SELECT applicant_id, organisation_key_id, encapsulated_key, wrapped_key FROM applicant_data_keys
             WHERE organisation_key_id = ANY (\(Array(held))::uuid[]) AND applicant_id > \(after)
             ORDER BY applicant_id LIMIT \(limit))
            UNION ALL
            (SELECT applicant_id, NULL, encapsulated_key, wrapped_key FROM applicant_keys
             WHERE key_id = \(keyring.reader.id) AND applicant_id > \(after)
             ORDER BY applicant_id LIMIT \(limit))
            ORDER BY applicant_id LIMIT \(limit)
            """,
            logger: database.logger
        )
        var batch: [(UUID, UUID?, WrappedDataKey)] = []
        for try await (applicant, organisationKey, encapsulated, wrapped) in rows.decode((UUID, UUID?, ByteBuffer, ByteBuffer).self) {
            batch.append(
                (
                    applicant, organisationKey,
                    WrappedDataKey(keyID: organisationKey ?? keyring.reader.id, encapsulated: encapsulated, wrapped: wrapped)
                ))
        }
        return batch
    }

    /// One batch, one transaction: data keys on a retired organisation key
    /// are updated in place, earlier applicants get theirs (the database
    /// then deletes their per-coordinator wraps). The database logs each
    /// statement as an `organisation_key.rewrapped` event.
    private func write(_ rewrapped: [(UUID, Bool, WrappedDataKey)]) async throws {
        let (moved, earlier) = (rewrapped.filter { !$0.1 }, rewrapped.filter(\.1))
        func columns(_ rows: [(UUID, Bool, WrappedDataKey)]) -> ([UUID], UUID?, [ByteBuffer], [ByteBuffer]) {
            (
                rows.map(\.0), rows.first?.2.keyID, rows.map { ByteBuffer(bytes: $0.2.encapsulatedKey) },
                rows.map { ByteBuffer(bytes: $0.2.ciphertext) }
            )
        }
        let (movedIDs, movedTarget, movedEncapsulated, movedWrapped) = columns(moved)
        let (earlierIDs, earlierTarget, earlierEncapsulated, earlierWrapped) = columns(earlier)
        try await mappingDatabaseErrors(entity: "data key", key: "batch") {
            try await database.withTransaction { connection in
                if !moved.isEmpty {
                    try await connection.query(
                        """
                        UPDATE applicant_data_keys d
                        SET organisation_key_id = \(movedTarget), encapsulated_key = n.encapsulated, wrapped_key = n.wrapped
                        FROM unnest(\(movedIDs)::uuid[], \(movedEncapsulated)::bytea[], \(movedWrapped)::bytea[]) AS n (applicant, encapsulated, wrapped)
                        WHERE d.applicant_id = n.applicant
                        """,
                        logger: database.logger
                    )
                }
                if !earlier.isEmpty {
                    try await connection.query(
                        """
                        INSERT INTO applicant_data_keys (applicant_id, organisation_key_id, encapsulated_key, wrapped_key)
                        SELECT n.applicant, \(earlierTarget), n.encapsulated, n.wrapped
                        FROM unnest(\(earlierIDs)::uuid[], \(earlierEncapsulated)::bytea[], \(earlierWrapped)::bytea[]) AS n (applicant, encapsulated, wrapped)
                        ON CONFLICT (applicant_id) DO NOTHING
                        """,
                        logger: database.logger
                    )
                }
            }
        }
    }

    /// Applicants still on a retired organisation key or wrapped the earlier
    /// way: after a run, those the reader's key cannot open.
    private func notMoved() async throws -> Int {
        try await database.client.query(
            """
            SELECT ((SELECT count(*) FROM applicant_data_keys d
                     WHERE d.organisation_key_id IN (SELECT o.id FROM organisation_keys o WHERE o.retired_at IS NOT NULL))
                  + (SELECT count(DISTINCT a.applicant_id) FROM messages m JOIN applications a ON a.id = m.application_id
                     WHERE m.organisation_key_id IN (SELECT o.id FROM organisation_keys o WHERE o.retired_at IS NOT NULL)
                       AND NOT EXISTS (SELECT 1 FROM applicant_data_keys d
                                       WHERE d.applicant_id = a.applicant_id
                                         AND d.organisation_key_id IN (SELECT o.id FROM organisation_keys o WHERE o.retired_at IS NOT NULL)))
                  + (SELECT count(DISTINCT w.applicant_id) FROM applicant_keys w))::bigint
            """,
            logger: database.logger
        ).collect().first!.decode(Int.self)
    }
}
