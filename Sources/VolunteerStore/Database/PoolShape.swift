/// How a ``Database`` keeps its connections to PostgreSQL.
public enum PoolShape: Sendable, Equatable {
    /// Opened when queries need them, up to PostgresNIO's limit of 20, and
    /// closed after a minute idle; `warm` of them are opened at once. For
    /// commands and tests, which come and go.
    case onDemand(warm: Int)

    /// Up to `connections`, opened on demand, closed after 10 seconds idle,
    /// without keep-alive queries: for the server. PostgresNIO schedules a
    /// timer each time a connection goes idle, and on Linux a cancelled
    /// `Task.sleep` keeps its memory until its deadline: with the default
    /// 30 s keep-alive and 60 s idle close, the server held 100 MB of dead
    /// timers at 600 applications a second. A short idle close bounds that.
    /// (Keeping a fixed set open, minimum = maximum, schedules no timers at
    /// all, but PostgresNIO 1.33 then trips a precondition and crashes when
    /// the database drops connections below the minimum.)
    case server(connections: Int)
}
