import Logging
import ServiceLifecycle
import VolunteerStore

/// Erases the applicants the retention policy makes due, every `interval`,
/// in small batches that each commit on their own, so that no lock is held
/// for long and an interrupted run keeps what it erased. Logs counts only.
struct RetentionService: Service {
    let retention: RetentionRepository
    let interval: Duration
    let logger: Logger

    func run() async throws {
        // A large backlog can take longer than a minute; a round still ends
        // before the next one is due.
        try await repeatUntilShutdown(
            every: interval, limit: max(interval, .seconds(60)), logger: logger, failure: "could not erase due applicants"
        ) {
            try await runOnce()
            return .again
        }
    }

    /// One run: every due applicant, batch by batch. Returns how many were erased.
    @discardableResult
    func runOnce() async throws -> Int {
        let erased = try await retention.eraseDue()
        if erased > 0 { logger.info("erased applicants due under the retention policy", metadata: ["count": "\(erased)"]) }
        return erased
    }
}
