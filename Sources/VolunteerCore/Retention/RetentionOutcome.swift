/// How an applicant's time with the organisation ended, as the retention
/// policy counts it (migrations/0014_retention.sql has the rule).
public enum RetentionOutcome: String, CaseIterable, Sendable, Codable {
    /// Rejected for any reason but no_response.
    case rejected
    case withdrawn
    /// Rejected with reason no_response: the applicant never answered.
    case unanswered
    /// A volunteer after offboarding.
    case alumni
}

/// The bounds the database puts on a retention period.
public enum RetentionPeriodRule {
    public static let days = 1...36_500

    public static func problem(days: Int) -> String? {
        Self.days.contains(days) ? nil : "must be from \(Self.days.lowerBound) to \(Self.days.upperBound) days"
    }
}
