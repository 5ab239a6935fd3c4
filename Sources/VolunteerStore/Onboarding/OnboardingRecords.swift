import Foundation
import VolunteerCore

/// Whose template: a position's own, or the default for a team's positions.
public enum TemplateOwner: Sendable, Equatable, CustomStringConvertible {
    case position(String)
    case team(String)

    public var description: String {
        switch self {
        case .position(let slug): "position \(slug)"
        case .team(let team): "team \(team)"
        }
    }
}

public struct OnboardingTemplate: Sendable, Encodable {
    /// `position` or `team`: a position without a template of its own uses its team's.
    public let kind: String
    public let owner: String
    public let tasks: [TemplateTask]
    public let updatedBy: String
    public let updatedAt: Date
}

/// One task of one volunteer, for lists; nothing personal.
public struct OnboardingTaskRecord: Sendable, Encodable {
    public let id: UUID
    public let shortId: String
    public let volunteerId: UUID
    public let volunteerShortId: String
    public let position: String
    public let ord: Int
    public let title: String
    public let description: String
    public let performer: TaskPerformer
    public let required: Bool
    /// `YYYY-MM-DD`, a day in the volunteer's time zone.
    public let dueDate: String
    public let assignee: String?
    public let state: TaskState
    public let reason: String?
    /// Open and due before today, where the volunteer is.
    public let overdue: Bool
}

public struct TaskFilter: Sendable {
    public var volunteerID: UUID?
    public var overdueOnly = false
    /// Open and due within this many days from today (overdue included).
    public var dueWithinDays: Int?
    public var assignee: String?
    /// Done, skipped and cancelled tasks too.
    public var includeClosed = false
    /// A page: at most `limit` tasks after the first `offset`.
    public var limit = 10_000
    public var offset = 0

    public init() {}
}

/// A volunteer with their onboarding's progress.
public struct VolunteerProgress: Sendable, Encodable {
    public let id: UUID
    public let shortId: String
    public let applicationId: UUID
    public let position: String
    public let status: VolunteerStatus
    public let startedAt: Date
    /// Nil once the volunteer was erased.
    public let timeZone: String?
    public let coordinator: String?
    /// Tasks not cancelled.
    public let tasks: Int
    public let done: Int
    public let open: Int
    public let overdue: Int
}
