import Logging
import PostgresNIO

/// How far the audit chain is behind the event log: the head's position, and
/// the events committed after it, not sealed yet.
public struct ChainBacklog: Sendable, Equatable {
    /// 0 before anything is sealed.
    public let headPosition: Int64
    public let unsealed: Int
    /// Nil when nothing waits.
    public let oldestUnsealedAge: Duration?
}

extension EventChainSealer {
    /// Reads the backlog: the head, then one range scan of the events after it.
    public func backlog() async throws -> ChainBacklog {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            let head = try await ChainHead.read(on: connection, logger: logger)
            let rows = try await connection.query(
                """
                SELECT count(*)::bigint, coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 FROM events
                WHERE (tx, seq) > (\(head?.transaction ?? "0")::xid8, \(head?.sequence ?? 0))
                """,
                logger: logger
            )
            for try await (count, age) in rows.decode((Int64, Double).self) {
                return ChainBacklog(
                    headPosition: head?.position ?? 0, unsealed: Int(count), oldestUnsealedAge: count > 0 ? .seconds(max(0, age)) : nil
                )
            }
            return ChainBacklog(headPosition: head?.position ?? 0, unsealed: 0, oldestUnsealedAge: nil)
        }
    }
}
