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
    /// Links walked by one connection; a longer walk is split in two.
    let stretch: Int64

    public init(database: Database, stretch: Int64 = 100_000) {
        self.database = database
        self.stretch = stretch
    }

    /// From the first link, or from `anchor`: a head kept outside the
    /// database by an earlier verification (the weekly report's). Then the
    /// link at the anchor's position must still hold that event and hash,
    /// and only what was sealed after it is walked, so a chain too long to
    /// walk every week is still checked end to end, a week at a time.
    /// Up to the head, or to the link at `end` (the weekly report's last
    /// link of its week), when that is sooner.
    public func verify(from anchor: ChainAnchor? = nil, through end: Int64? = nil) async throws -> ChainVerification {
        let logger = database.logger
        // One snapshot for the walk and the counts after it, shared with
        // the connections that walk later stretches side by side.
        return try await database.withTransaction(.readOnlySnapshot()) { connection in
            try await verify(in: connection, from: anchor, through: end, logger: logger)
        }
    }

    private func verify(
        in connection: PostgresConnection, from anchor: ChainAnchor?, through end: Int64?, logger: Logger
    ) async throws -> ChainVerification {
        let walk = try await walkStretches(connection, from: anchor, through: end, logger: logger)
        if walk.problem != nil { return walk.verification }
        if let anchor, walk.head == nil {
            let problem = ChainProblem(
                sequence: anchor.sequence, reason: "the chain no longer reaches the kept head at position \(anchor.position)")
            return ChainVerification(verified: 0, head: nil, problem: problem, unsealed: 0)
        }
        guard let head = walk.head else {
            let unsealed =
                try await connection.query("SELECT count(*) FROM events", logger: logger)
                .collect().first?.decode(Int.self) ?? 0
            return ChainVerification(verified: 0, head: nil, problem: nil, unsealed: unsealed)
        }
        // Every event from the walk's first link to the head is a link: none slipped in.
        // From the start, anything at all below the head; from an anchor, from its event on.
        // Unsealed: after the chain's last link, which is the head unless the walk stopped sooner.
        let (firstTransaction, firstSequence) =
            anchor == nil ? ("0", 0) : walk.first.map { (String($0.transaction), $0.sequence) } ?? ("0", 0)
        let counts =
            try await connection.query(
                """
                SELECT count(*) FILTER (WHERE (tx, seq) BETWEEN (\(firstTransaction)::xid8, \(firstSequence)) AND (\(head.transaction)::xid8, \(head.sequence))),
                       count(*) FILTER (WHERE (tx, seq) > coalesce(
                           (SELECT (e.tx, e.seq) FROM event_chain c JOIN events e ON e.seq = c.seq ORDER BY c.position DESC LIMIT 1),
                           (\(head.transaction)::xid8, \(head.sequence))))
                FROM events
                WHERE (tx, seq) >= (\(firstTransaction)::xid8, \(firstSequence))
                """,
                logger: logger
            ).collect().first?.decode((Int, Int).self) ?? (0, 0)
        guard counts.0 == walk.verified else {
            let intruder = try await connection.query(
                """
                SELECT min(e.seq) FROM events e
                WHERE (e.tx, e.seq) BETWEEN (\(firstTransaction)::xid8, \(firstSequence)) AND (\(head.transaction)::xid8, \(head.sequence))
                  AND NOT EXISTS (SELECT 1 FROM event_chain c WHERE c.seq = e.seq)
                """,
                logger: logger
            ).collect().first?.decode(Int64?.self)
            let problem = ChainProblem(
                sequence: intruder ?? head.sequence,
                reason:
                    "event \(intruder.map(String.init) ?? "?") sorts below the sealed head but is not in the chain (inserted after sealing)"
            )
            return ChainVerification(verified: walk.verified, head: head, problem: problem, unsealed: 0)
        }
        return ChainVerification(verified: walk.verified, head: head, problem: nil, unsealed: counts.1)
    }

    /// The links from the first (or the anchor's) to the last, each
    /// recomputed from its event and the link before it. A long walk is cut
    /// in two: the second half starts from the stored link before it, which
    /// the first half's walk checks, so together they check what one walk would.
    private func walkStretches(
        _ connection: PostgresConnection, from anchor: ChainAnchor?, through end: Int64?, logger: Logger
    ) async throws -> Walk {
        let (snapshot, head) =
            try await connection.query(
                "SELECT pg_export_snapshot(), (SELECT max(position) FROM event_chain)", logger: logger
            ).collect().first?.decode((String, Int64?).self) ?? ("", nil)
        let start = anchor?.position ?? 1
        // Never short of the anchor: its link is checked whatever the end.
        let last = head.map { min($0, max(end ?? $0, start)) }
        guard let last, last >= start else {
            return Walk(verification: .init(verified: 0, head: nil, problem: nil, unsealed: 0), first: nil)
        }
        guard last - start >= stretch else {
            return try await walk(connection, positions: start...last, anchor: anchor, logger: logger)
        }
        let middle = start + (last - start) / 2
        let (database, stretch) = (self.database, self.stretch)
        async let secondHalf = database.withTransaction(.readOnlySnapshot(exported: snapshot)) { other in
            try await EventChainVerifier(database: database, stretch: stretch).walk(
                other, positions: middle + 1...last, anchor: nil, logger: logger)
        }
        let first = try await walk(connection, positions: start...middle, anchor: anchor, logger: logger)
        let second = try await secondHalf
        if first.problem != nil { return first }
        if let end = first.last, let next = second.first, (next.transaction, next.sequence) <= (end.transaction, end.sequence) {
            let problem = ChainProblem(sequence: next.sequence, reason: "event \(next.sequence) is out of order")
            return Walk(verification: .init(verified: first.verified, head: first.head, problem: problem, unsealed: 0), first: first.first)
        }
        let verification = ChainVerification(
            verified: first.verified + second.verified, head: second.head ?? first.head, problem: second.problem, unsealed: 0
        )
        return Walk(verification: verification, first: first.first, last: second.last)
    }

    /// The links at `positions`, from the stored link before them.
    private func walk(
        _ connection: PostgresConnection, positions: ClosedRange<Int64>, anchor: ChainAnchor?, logger: Logger
    ) async throws -> Walk {
        let start = positions.lowerBound
        var hash = EventChainHasher.genesis
        if start > 1 {
            let before = try await connection.query(
                "SELECT hash FROM event_chain WHERE position = \(start - 1)", logger: logger
            ).collect().first?.decode(ByteBuffer.self)
            guard let before else {
                let problem = ChainProblem(sequence: anchor?.sequence ?? 0, reason: "the chain has no link at position \(start - 1)")
                return Walk(verification: ChainVerification(verified: 0, head: nil, problem: problem, unsealed: 0), first: nil)
            }
            hash = Array(before.readableBytesView)
        }
        // Link by link through the events' primary key: a hash join would
        // read the whole event table for a week's links.
        try await connection.query("SET LOCAL enable_hashjoin = off", logger: logger)
        try await connection.query("SET LOCAL enable_mergejoin = off", logger: logger)
        let rows = try await connection.query(
            """
            SELECT c.position, c.seq, c.hash, \(unescaped: EventChainHasher.recordSQL)
            FROM event_chain c LEFT JOIN events e ON e.seq = c.seq
            WHERE c.position BETWEEN \(start) AND \(positions.upperBound)
            ORDER BY c.position
            """,
            logger: logger
        )
        var position = start - 1
        var verified = 0
        var event = EventChainHasher.Encoder()
        var first: (transaction: UInt64, sequence: Int64)?
        var last: (transaction: UInt64, sequence: Int64)?
        func result(problem: ChainProblem? = nil) -> Walk {
            let head = last.map {
                ChainHead(position: position, sequence: $0.sequence, transaction: String($0.transaction), hash: hash)
            }
            return Walk(
                verification: ChainVerification(verified: verified, head: head, problem: problem, unsealed: 0), first: first, last: last)
        }
        for try await row in rows {
            var cells = row.makeIterator()
            let linkPosition = cells.next()?.bytes.flatMap(EventChainHasher.int64) ?? 0
            let sequence = cells.next()?.bytes.flatMap(EventChainHasher.int64) ?? 0
            let stored = cells.next()?.bytes
            let record = cells.next()?.bytes
            func fail(_ reason: String) -> Walk {
                result(problem: ChainProblem(sequence: sequence, reason: reason))
            }
            guard linkPosition == position + 1 else {
                return fail("the chain jumps from position \(position) to \(linkPosition)")
            }
            guard let record, (try? event.read(record: record)) != nil else {
                return fail("event \(sequence) could not be read as the sealed columns")
            }
            guard event.sequence != nil, let transaction = event.transaction else {
                return fail("event \(sequence) was deleted")
            }
            if let last, (transaction, sequence) <= (last.transaction, last.sequence) {
                return fail("event \(sequence) is out of order")
            }
            let next = event.link(after: hash)
            guard let stored, stored.readableBytesView.elementsEqual(next) else {
                return fail("event \(sequence) does not match its seal (changed after sealing)")
            }
            if let anchor, linkPosition == anchor.position, sequence != anchor.sequence || next != anchor.hash {
                return fail("the link at position \(linkPosition) is no longer the kept head (the chain was rewritten before it)")
            }
            hash = next
            position = linkPosition
            verified += 1
            first = first ?? (transaction, sequence)
            last = (transaction, sequence)
        }
        guard position == positions.upperBound else {
            return result(problem: ChainProblem(sequence: last?.sequence ?? 0, reason: "the chain jumps from position \(position)"))
        }
        return result()
    }

    private struct Walk {
        var verification: ChainVerification
        /// The first and last links walked.
        var first: (transaction: UInt64, sequence: Int64)?
        var last: (transaction: UInt64, sequence: Int64)? = nil

        var problem: ChainProblem? { verification.problem }
        var head: ChainHead? { verification.head }
        var verified: Int { verification.verified }
    }
}

/// A chain head kept outside the database: where a later verification may start.
public struct ChainAnchor: Sendable, Equatable {
    public let position: Int64
    public let sequence: Int64
    public let hash: [UInt8]

    public init(position: Int64, sequence: Int64, hash: [UInt8]) {
        self.position = position
        self.sequence = sequence
        self.hash = hash
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
