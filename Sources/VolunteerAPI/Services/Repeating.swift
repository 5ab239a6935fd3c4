import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// What one round of a periodic service decides.
enum RoundOutcome {
    case again
    /// Nothing more to do in this process; idle until shutdown.
    case stop
}

/// Runs `round` every `interval` until graceful shutdown. A failed round is
/// logged by error type only (its text may carry data) and tried again.
///
/// On shutdown the round that runs is cancelled (a query waiting for a
/// connection to a database that is away gives up), and the wait between
/// rounds is slept in short steps that look at a flag the shutdown handler
/// sets. `cancelWhenGracefulShutdown`, used before, was suspected in the
/// parallel suite's stalls (docs/design-notes.md): it cancels through a
/// continuation resumed from a task of its own, and none is needed here.
func repeatUntilShutdown(
    every interval: Duration, logger: Logger, failure: Logger.Message, _ round: @escaping @Sendable () async throws -> RoundOutcome
) async throws {
    let state = NIOLockedValueBox(Stopping())
    await withGracefulShutdownHandler {
        var outcome = RoundOutcome.again
        while !state.withLockedValue({ $0.requested }), !Task.isCancelled {
            if outcome == .again {
                let task = Task { try await round() }
                if state.withLockedValue({ $0.start(task) }) { task.cancel() }
                do {
                    outcome = try await task.value
                } catch {
                    // A round cancelled by the stop fails in the pool's own words; nothing to report.
                    if error is CancellationError || state.withLockedValue({ $0.requested }) { return }
                    logger.warning(failure, metadata: ["error.type": "\(type(of: error))"])
                }
                state.withLockedValue { $0.round = nil }
            }
            // After `.stop` it only waits: a service that returns would stop the whole server.
            await sleep(interval, unless: state)
        }
    } onGracefulShutdown: {
        state.withLockedValue { $0.request() }?.cancel()
    }
}

/// Whether the service is asked to stop, and the round to cancel when it is.
private struct Stopping {
    var requested = false
    var round: Task<RoundOutcome, any Error>?

    /// Records the round; true if a stop came first, so it must be cancelled.
    mutating func start(_ task: Task<RoundOutcome, any Error>) -> Bool {
        round = task
        return requested
    }

    /// The round to cancel, if one runs.
    mutating func request() -> Task<RoundOutcome, any Error>? {
        requested = true
        return round
    }
}

/// Sleeps `duration` in steps of at most 100 ms, so that a stop is seen within one.
private func sleep(_ duration: Duration, unless state: NIOLockedValueBox<Stopping>) async {
    let deadline = ContinuousClock.now + duration
    while !state.withLockedValue({ $0.requested }) {
        let left = deadline - .now
        guard left > .zero else { return }
        do {
            try await Task.sleep(for: min(left, .milliseconds(100)))
        } catch {
            return
        }
    }
}
