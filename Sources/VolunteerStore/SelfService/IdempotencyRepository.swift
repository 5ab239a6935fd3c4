import Foundation
import PostgresNIO

/// What the first request with an Idempotency-Key left behind.
public enum IdempotencyClaim: Sendable, Equatable {
    /// This request goes ahead; complete or release the key afterwards.
    case claimed
    /// The first request finished: answer with its response.
    case replay(status: Int, sealedBody: [UInt8])
    /// The first request is still running.
    case inProgress
    /// The key was used with a different request.
    case mismatch
}

/// Idempotency-Keys, by hash: claimed before an application is submitted,
/// completed in the submitting statement, replayed after.
public struct IdempotencyRepository: Sendable {
    let database: Database
    /// A claim older than this with no response is taken to be abandoned
    /// (its server died mid-request), and a retry may take it over.
    let abandonedAfter: Duration

    public init(database: Database, abandonedAfter: Duration = .seconds(60)) {
        self.database = database
        self.abandonedAfter = abandonedAfter
    }

    public func claim(keyHash: [UInt8], requestHash: [UInt8]) async throws -> IdempotencyClaim {
        let key = ByteBuffer(bytes: keyHash)
        let request = ByteBuffer(bytes: requestHash)
        let seconds = Double(abandonedAfter.components.seconds)
        // A concurrent first request may commit its claim after this
        // statement's snapshot: then neither branch sees a row; look again.
        for _ in 0..<5 {
            let rows = try await database.client.query(
                """
                WITH inserted AS (
                    INSERT INTO idempotency_keys (key_hash, request_hash) VALUES (\(key), \(request))
                    ON CONFLICT (key_hash) DO NOTHING RETURNING 1
                )
                SELECT true, NULL::bytea, NULL::smallint, NULL::bytea, false FROM inserted
                UNION ALL
                SELECT false, request_hash, response_status, response_body,
                       started_at < now() - make_interval(secs => \(seconds))
                FROM idempotency_keys WHERE key_hash = \(key) AND NOT EXISTS (SELECT 1 FROM inserted)
                """,
                logger: database.logger
            ).collect()
            guard let row = rows.first else { continue }
            let (inserted, storedRequest, status, body, abandoned) = try row.decode((Bool, ByteBuffer?, Int16?, ByteBuffer?, Bool).self)
            if inserted { return .claimed }
            guard let storedRequest, Array(buffer: storedRequest) == requestHash else { return .mismatch }
            if let status, let body { return .replay(status: Int(status), sealedBody: Array(buffer: body)) }
            if abandoned, try await takeOver(key) { return .claimed }
            return .inProgress
        }
        return .inProgress
    }

    private func takeOver(_ key: ByteBuffer) async throws -> Bool {
        let seconds = Double(abandonedAfter.components.seconds)
        return try await !database.client.query(
            """
            UPDATE idempotency_keys SET started_at = now()
            WHERE key_hash = \(key) AND response_status IS NULL AND started_at < now() - make_interval(secs => \(seconds))
            RETURNING 1
            """,
            logger: database.logger
        ).collect().isEmpty
    }

    /// Gives a claimed key back after the request failed, so a retry can run.
    public func release(keyHash: [UInt8]) async throws {
        try await database.client.query(
            "DELETE FROM idempotency_keys WHERE key_hash = \(ByteBuffer(bytes: keyHash)) AND response_status IS NULL",
            logger: database.logger
        ).collect()
    }

    /// Forgets keys older than `age`; returns how many.
    @discardableResult
    public func purge(olderThan age: Duration) async throws -> Int {
        try await database.client.query(
            """
            WITH gone AS (DELETE FROM idempotency_keys WHERE started_at < now() - make_interval(secs => \(Double(age.components.seconds))) RETURNING 1)
            SELECT count(*)::bigint FROM gone
            """,
            logger: database.logger
        ).collect().first!.decode(Int.self)
    }
}
