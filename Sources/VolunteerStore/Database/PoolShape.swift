/// How many connections a ``Database`` keeps to PostgreSQL.
public enum PoolShape: Sendable, Equatable {
    /// Opened when queries need them, up to PostgresNIO's limit of 20, and
    /// closed after a minute idle; `warm` of them are opened at once. For
    /// commands and tests, which come and go.
    case onDemand(warm: Int)

    /// Exactly this many, opened at start and kept, without keep-alive
    /// queries: for the server. PostgresNIO schedules a timer each time a
    /// connection goes idle (30 s keep-alive, 60 s idle close), and on Linux a
    /// cancelled `Task.sleep` keeps its memory until its deadline: at 600
    /// applications a second the server held 100 MB of dead timers, and a
    /// trivial query lost a quarter of its throughput to them. A fixed pool
    /// schedules none. A broken connection is still noticed, by the query
    /// that uses it, and replaced.
    case fixed(Int)
}
