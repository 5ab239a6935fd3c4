import Foundation
import VolunteerCore

/// How long one outcome is kept, and when that was last changed.
public struct RetentionPeriod: Sendable, Equatable, Codable {
    public let outcome: RetentionOutcome
    public let days: Int
    public let changedAt: Date
}

/// How many applicants a run would erase now, for one outcome and age: the
/// dry run's only output, so that it names nobody.
public struct RetentionCount: Sendable, Equatable, Codable {
    public let outcome: RetentionOutcome
    /// How long ago the clock started: `under 1 year`, `1 to 2 years`, `2 to 5 years`, `5 years or more`.
    public let age: String
    public let applicants: Int
}

/// One batch's result: how many were erased, and where the next batch goes
/// on (nil: the run has looked at every applicant).
public struct RetentionBatch: Sendable, Equatable {
    public let erased: Int
    public let resumeAfter: UUID?
}
