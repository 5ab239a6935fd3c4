import PostgresNIO
import _ConnectionPoolModule

/// Whether an error means the database is away rather than the request
/// wrong: worth a 503 and a retry, and never a 500.
public func meansDatabaseUnavailable(_ error: any Error) -> Bool {
    switch error {
    case is DatabaseUnavailable, is TimeoutError:
        true
    case let error as PSQLError:
        error.meansDatabaseUnavailable
    case let error as ConnectionPoolError:
        // After a minute of failed connections the pool fails every request
        // at once, until a connection succeeds again.
        error == .connectionCreationCircuitBreakerTripped || error == .poolShutdown
    default:
        false
    }
}
