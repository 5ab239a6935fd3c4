import Synchronization

/// A child's exit status, known once Foundation has reaped the child (its
/// `terminationHandler` runs only then), for any number of waiters. Waiting
/// suspends a task; it never holds one of the threads the test run shares.
final class ChildExit: Sendable {
    private struct Waiter {
        let continuation: CheckedContinuation<Int32?, Never>
        let timer: Task<Void, Never>?
    }

    private struct State {
        var status: Int32?
        var waiters: [Int: Waiter] = [:]
        var lastWaiter = 0
    }

    private let state = Mutex(State())

    /// The status, or nil while the child is not reaped yet.
    var status: Int32? { state.withLock { $0.status } }

    /// From the process's `terminationHandler`, once.
    func record(_ status: Int32) {
        let waiters = state.withLock { state in
            state.status = status
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: status)
        }
    }

    /// The status once the child is reaped; nil if `timeout` passes first.
    /// Without a timeout it waits as long as that takes.
    func wait(timeout: Duration?) async -> Int32? {
        await withCheckedContinuation { continuation in
            let id: Int? = state.withLock { state in
                if state.status != nil { return nil }
                state.lastWaiter += 1
                let id = state.lastWaiter
                let timer = timeout.map { timeout in
                    Task {
                        try? await Task.sleep(for: timeout)
                        self.expire(id)
                    }
                }
                state.waiters[id] = Waiter(continuation: continuation, timer: timer)
                return id
            }
            if id == nil { continuation.resume(returning: status) }
        }
    }

    /// The status once the child is reaped, however long that takes.
    func wait() async -> Int32 {
        guard let status = await wait(timeout: nil) else { preconditionFailure("only a timer resumes a waiter with nil") }
        return status
    }

    private func expire(_ id: Int) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: nil)
    }
}
