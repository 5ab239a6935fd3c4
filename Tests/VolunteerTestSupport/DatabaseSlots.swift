import Foundation

/// How many test databases exist at once. Swift Testing starts every test
/// at the same moment; with ~400 tests each creating, using and dropping a
/// database, PostgreSQL on two cores fell minutes behind (a burst of 250
/// backends, every DROP DATABASE a checkpoint), and set-ups that wait
/// seconds for their first answer failed by the dozen. A test waits for a
/// slot before its database is made, so its own deadlines start only then.
/// A test already holding one (a database made inside another's) does not
/// wait again, so nesting cannot deadlock. `VTRACK_TEST_DATABASES` sets the
/// number (default 24).
actor DatabaseSlots {
    static let shared = DatabaseSlots(
        limit: ProcessInfo.processInfo.environment["VTRACK_TEST_DATABASES"].flatMap(Int.init).map { max(1, $0) } ?? 24)

    @TaskLocal static var holding = false

    private let limit: Int
    private var taken = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    /// Runs `body` holding a slot.
    static func withSlot<Result>(_ body: () async throws -> Result) async throws -> Result {
        if holding { return try await body() }
        await shared.acquire()
        do {
            let result = try await $holding.withValue(true) { try await body() }
            await shared.release()
            return result
        } catch {
            await shared.release()
            throw error
        }
    }

    private func acquire() async {
        if taken < limit {
            taken += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            taken -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
