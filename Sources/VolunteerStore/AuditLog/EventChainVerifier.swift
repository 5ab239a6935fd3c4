import Logging
import PostgresNIO

/// Walks the whole chain and recomputes every link.
///
/// It finds a changed byte in any sealed column (the link no longer matches),
/// a deleted event (a link whose event is gone), a reordered one (the chain
/// order is no longer ascending by transaction and sequence), and an event
/// slipped in under the head after sealing (more events below the head than
/// links).
public struct EventChainVerifier: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func verify() async throws -> ChainVerification {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            // One snapshot for the walk and the counts after it.
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let result = try await verify(in: connection, logger: logger)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    private func verify(in connection: PostgresConnection, logger: Logger) async throws -> ChainVerification {
        let walk = try await walkChain(connection, logger: logger)
        if walk.problem != nil { return walk }
        guard let head = walk.head else {
            let unsealed = try await connection.query("SELECT count(*) FROM events", logger: logger)
                .collect().first?.decode(Int.self) ?? 0
            return ChainVerification(verified: 0, head: nil, problem: nil, unsealed: unsealed)
        }
        let counts = try await connection.query(
            """
            SELECT count(*) FILTER (WHERE (tx, seq) <= (\(head.transaction)::xid8, \(head.sequence))),
                   count(*) FILTER (WHERE (tx, seq) > (\(head.transaction)::xid8, \(head.sequence)))
            FROM events
            """,
            logger: logger
        ).collect().first?.decode((Int, Int).self) ?? (0, 0)
        guard counts.0 == walk.verified else {
            let intruder = try await connection.query(
                """
                SELECT min(e.seq) FROM events e
                WHERE (e.tx, e.seq) <= (\(head.transaction)::xid8, \(head.sequence))
                  AND NOT EXISTS (SELECT 1 FROM event_chain c WHERE c.seq = e.seq)
                """,
                logger: logger
            ).collect().first?.decode(Int64?.self)
            let problem = ChainProblem(
                sequence: intruder ?? head.sequence,
                reason: "event \(intruder.map(String.init) ?? "?") sorts below the sealed head but is not in the chain (inserted after sealing)"
            )
            return ChainVerification(verified: walk.verified, head: head, problem: problem, unsealed: 0)
        }
        return ChainVerification(verified: walk.verified, head: head, problem: nil, unsealed: counts.1)
    }

    private func walkChain(_ connection: PostgresConnection, logger: Logger) async throws -> ChainVerification {
        let rows = try await connection.query(
            """
            SELECT c.position, c.seq, c.hash, \(unescaped: EventChainHasher.columns)
            FROM event_chain c LEFT JOIN events e ON e.seq = c.seq
            ORDER BY c.position
            """,
            logger: logger
        )
        var hash = EventChainHasher.genesis
        var verified: Int64 = 0
        var last: (transaction: UInt64, sequence: Int64)?
        func result(problem: ChainProblem? = nil) -> ChainVerification {
            let head = last.map {
                ChainHead(position: verified, sequence: $0.sequence, transaction: String($0.transaction), hash: hash)
            }
            return ChainVerification(verified: Int(verified), head: head, problem: problem, unsealed: 0)
        }
        for try await row in rows {
            var cells = row.makeIterator()
            let position = cells.next()?.bytes.flatMap(EventChainHasher.int64) ?? 0
            let sequence = cells.next()?.bytes.flatMap(EventChainHasher.int64) ?? 0
            let stored = cells.next()?.bytes
            let event = EventChainHasher.SealedCells(from: &cells)
            func fail(_ reason: String) -> ChainVerification {
                result(problem: ChainProblem(sequence: sequence, reason: reason))
            }
            guard position == verified + 1 else {
                return fail("the chain jumps from position \(verified) to \(position)")
            }
            guard !event.isMissing, let transaction = event.transaction else {
                return fail("event \(sequence) was deleted")
            }
            if let last, (transaction, sequence) <= (last.transaction, last.sequence) {
                return fail("event \(sequence) is out of order")
            }
            let next = event.link(after: hash)
            guard let stored, stored.readableBytesView.elementsEqual(next) else {
                return fail("event \(sequence) does not match its seal (changed after sealing)")
            }
            hash = next
            verified += 1
            last = (transaction, sequence)
        }
        return result()
    }
}

public struct ChainVerification: Sendable, Equatable {
    /// Links checked and found good, from the first.
    public let verified: Int
    /// The last good link.
    public let head: ChainHead?
    /// The first thing wrong, if any.
    public let problem: ChainProblem?
    /// Events not sealed yet (appended since the last seal).
    public let unsealed: Int

    public var isIntact: Bool { problem == nil }
}

public struct ChainProblem: Sendable, Equatable {
    /// The sequence number of the first bad event.
    public let sequence: Int64
    public let reason: String
}
