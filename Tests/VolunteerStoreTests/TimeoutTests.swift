import Dispatch
import Synchronization
import Testing
import VolunteerStore

@Suite struct TimeoutTests {
    struct Refused: Error {}

    @Test func aQuickOperationsResultOrErrorComesThrough() async throws {
        #expect(try await withTimeout(.seconds(5)) { 42 } == 42)
        await #expect(throws: Refused.self) { try await withTimeout(.seconds(5)) { throw Refused() } }
    }

    @Test func anOperationThatIgnoresCancellationDoesNotHoldTheCallerPastTheDeadline() async throws {
        let ended = Flag()
        await #expect(throws: TimeoutError.self) {
            try await withTimeout(.milliseconds(100)) {
                // Deaf to cancellation, like a query stuck in a wedged pool.
                await withCheckedContinuation { continuation in
                    DispatchQueue.global().asyncAfter(deadline: .now() + 30) { continuation.resume() }
                }
                ended.set()
            }
        }
        #expect(!ended.isSet, "the caller heard the deadline while the operation was still running")
    }

    @Test func theDeadlineIsWhatTheCallerHearsNotTheCancellationItCauses() async throws {
        // The operation fails at once when cancelled, as a pool's lease request does.
        for _ in 0..<20 {
            await #expect(throws: TimeoutError.self) {
                try await withTimeout(.milliseconds(5)) { try await Task.sleep(for: .seconds(30)) }
            }
        }
    }

    @Test func cancellingTheCallerEndsTheWait() async throws {
        let waiting = Task {
            try await withTimeout(.seconds(30)) { try await Task.sleep(for: .seconds(30)) }
        }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }
}

/// Set once, read from any task.
private final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
