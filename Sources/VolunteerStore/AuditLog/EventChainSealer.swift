import Logging
import PostgresNIO

/// Links committed events into the hash chain, in (transaction, sequence)
/// order, taking only events older than the oldest running transaction: no
/// transaction still running can then add an event that sorts before them.
///
/// Any number of sealers may run (one per server instance, plus `vtrack audit
/// seal`); a transaction-level advisory lock lets one work at a time, and the
/// others skip their turn instead of waiting.
public struct EventChainSealer: Sendable {
    let database: Database
    static let lockKey: Int64 = 0x7674_7261_636B_5365

    public init(database: Database) {
        self.database = database
    }

    /// Seals up to `limit` events in one transaction and returns how many.
    /// Nil when another sealer holds the lock.
    public func sealBatch(limit: Int = 10_000) async throws -> Int? {
        let logger = database.logger
        return try await database.withTransaction { connection -> Int? in
            let locked =
                try await connection.query(
                    "SELECT pg_try_advisory_xact_lock(\(Self.lockKey))", logger: logger
                ).collect().first?.decode(Bool.self) ?? false
            guard locked else { return nil }

            let head = try await ChainHead.read(on: connection, logger: logger)
            var hash = head?.hash ?? EventChainHasher.genesis
            var position = head?.position ?? 0
            var positions: [Int64] = []
            var sequences: [Int64] = []
            var hashes: [String] = []
            let rows = try await connection.query(
                """
                SELECT \(unescaped: EventChainHasher.recordSQL) FROM events e
                WHERE e.tx < pg_snapshot_xmin(pg_current_snapshot())
                  AND (e.tx, e.seq) > (\(head?.transaction ?? "0")::xid8, \(head?.sequence ?? 0))
                ORDER BY e.tx, e.seq
                LIMIT \(limit)
                """,
                logger: logger
            )
            var event = EventChainHasher.Encoder()
            for try await record in rows.decode(ByteBuffer.self) {
                try event.read(record: record)
                hash = event.link(after: hash)
                position += 1
                positions.append(position)
                sequences.append(event.sequence ?? 0)
                hashes.append(hash.hexString)
            }
            guard !positions.isEmpty else { return 0 }
            try await connection.query(
                """
                INSERT INTO event_chain (position, seq, hash)
                SELECT p, s, decode(h, 'hex') FROM unnest(\(positions), \(sequences), \(hashes)) AS t(p, s, h)
                """,
                logger: logger
            )
            return positions.count
        }
    }

    /// Seals until nothing sealable is left; returns how many were sealed.
    @discardableResult
    public func sealAll(batchSize: Int = 10_000) async throws -> Int {
        var total = 0
        while let sealed = try await sealBatch(limit: batchSize) {
            total += sealed
            if sealed < batchSize { break }
        }
        return total
    }
}

/// The last link of the chain.
public struct ChainHead: Sendable, Equatable {
    public let position: Int64
    public let sequence: Int64
    /// The sealed event's transaction id (`xid8`), as text.
    public let transaction: String
    public let hash: [UInt8]

    static func read(on connection: PostgresConnection, logger: Logger) async throws -> ChainHead? {
        let rows = try await connection.query(
            """
            SELECT c.position, c.seq, e.tx::text, c.hash FROM event_chain c JOIN events e ON e.seq = c.seq
            ORDER BY c.position DESC LIMIT 1
            """,
            logger: logger
        )
        for try await (position, sequence, transaction, hash) in rows.decode((Int64, Int64, String, ByteBuffer).self) {
            return ChainHead(position: position, sequence: sequence, transaction: transaction, hash: Array(buffer: hash))
        }
        return nil
    }
}
