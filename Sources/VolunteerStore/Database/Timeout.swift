import NIOCore
import NIOPosix
import Synchronization

/// Thrown by ``withTimeout(_:operation:)`` when the operation did not finish in time.
public struct TimeoutError: Error, Sendable {
    public let duration: Duration
}

/// Runs `operation`, cancelling it after `duration`, and returns by then
/// whether or not the operation heeds the cancellation.
///
/// PostgresNIO queues a query while it cannot connect, for up to a minute, so
/// every database call that a person or a health check waits on is bounded.
/// A task group would not do: it waits for all its children, and a query
/// waiting for a connection from a pool whose database refuses them was seen
/// never to return, cancelled or not — taking the health check, the request
/// and the test that made it along. The deadline is an event loop's timer,
/// not a sleeping task: a server sets one per application, and sleeping
/// tasks went through Dispatch's timer thread (a tenth of the server's CPU).
@discardableResult
public func withTimeout<Result: Sendable>(
    _ duration: Duration,
    operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let outcome = FirstOutcome<Result>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            outcome.start(continuation)
            let work = Task {
                do {
                    outcome.finish(.success(try await operation()))
                } catch {
                    outcome.finish(.failure(error))
                }
            }
            let timer = NIOSingletons.posixEventLoopGroup.any().scheduleTask(in: TimeAmount(duration)) {
                // The outcome first, then the cancelling (finishing does it): cancelled,
                // the operation fails at once with an error of its own (the pool's
                // "request cancelled"), which must not be what the caller hears.
                outcome.finish(.failure(TimeoutError(duration: duration)))
            }
            outcome.onFinish {
                work.cancel()
                timer.cancel()
            }
        }
    } onCancel: {
        outcome.finish(.failure(CancellationError()))
    }
}

/// Resumes a continuation with whichever outcome comes first, once.
private final class FirstOutcome<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var early: Swift.Result<Value, any Error>?
        var cleanUp: (@Sendable () -> Void)?
        var finished = false
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Value, any Error>) {
        let early = state.withLock { state -> Swift.Result<Value, any Error>? in
            if state.early == nil { state.continuation = continuation }
            return state.early
        }
        if let early { continuation.resume(with: early) }
    }

    func onFinish(_ cleanUp: @escaping @Sendable () -> Void) {
        let finished = state.withLock { state -> Bool in
            if !state.finished { state.cleanUp = cleanUp }
            return state.finished
        }
        if finished { cleanUp() }
    }

    func finish(_ result: Swift.Result<Value, any Error>) {
        let (continuation, cleanUp) = state.withLock { state -> (CheckedContinuation<Value, any Error>?, (@Sendable () -> Void)?) in
            guard !state.finished else { return (nil, nil) }
            state.finished = true
            // Cancelled before the continuation existed: keep the result for start().
            if state.continuation == nil { state.early = result }
            defer {
                state.continuation = nil
                state.cleanUp = nil
            }
            return (state.continuation, state.cleanUp)
        }
        continuation?.resume(with: result)
        cleanUp?()
    }
}
