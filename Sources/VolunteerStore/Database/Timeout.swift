/// Thrown by ``withTimeout(_:operation:)`` when the operation did not finish in time.
public struct TimeoutError: Error, Sendable {
    public let duration: Duration
}

/// Runs `operation`, cancelling it after `duration`.
///
/// PostgresNIO queues a query while it cannot connect, for up to a minute, so
/// every database call that a person or a health check waits on is bounded.
@discardableResult
public func withTimeout<Result: Sendable>(
    _ duration: Duration,
    operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: duration)
            throw TimeoutError(duration: duration)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
