import Foundation
import VolunteerCore

/// Everything vtrack holds about one applicant, opened: the document
/// `vtrack applicants export` writes (docs/privacy.md describes every field).
/// Encoded with snake_case keys; a field with no value is left out.
public struct ApplicantCopy: Sendable, Encodable {
    public static let formatName = "vtrack-applicant-export"
    /// Raised when a field changes meaning or goes; a new field keeps it.
    public static let formatVersion = 1

    public let format = Self.formatName
    public let formatVersion = Self.formatVersion
    public let exportedAt: Date
    /// The coordinator's database login.
    public let exportedBy: String
    /// The name of the key that opened the data.
    public let exportedWithKey: String
    public let applicant: ApplicantFacts
    /// Absent once erased.
    public let personalData: PersonalData?
    public let applications: [ApplicationFacts]
    public let notes: [OpenedNote]
    /// Every message between the organisation and the applicant, by application, oldest first.
    public let messages: [OpenedMessage]
    /// Absent once erased.
    public let availability: Availability?
    public let volunteers: [VolunteerFacts]
    /// Every event about the applicant, their applications, volunteers and
    /// tasks, this export's own reveals included, oldest first.
    public let events: [EventFacts]
}

public struct ApplicantFacts: Sendable, Encodable {
    public let id: UUID
    public let createdAt: Date
    public let languages: [String]
    public let skills: [String]
    public let timeZone: String?
    public let hoursPerWeek: Double?
    public let consent: Consent?
    public let erasedAt: Date?
    public let erasureReason: String?
}

/// The privacy notice the applicant accepted when they applied.
public struct Consent: Sendable, Encodable {
    public let noticeVersion: String
    public let noticeUrl: String?
    public let acceptedAt: Date?
}

public struct ApplicationFacts: Sendable, Encodable {
    public let id: UUID
    public let positionSlug: String
    public let positionTitle: String
    public let source: String?
    public let status: String
    public let rejectionReason: String?
    public let submittedAt: Date
    public let decidedAt: Date?
    /// This application's own events, oldest first.
    public let timeline: [EventFacts]
}

public struct OpenedNote: Sendable, Encodable {
    public let id: UUID
    public let applicationId: UUID?
    public let author: String
    public let createdAt: Date
    public let text: String
}

public struct OpenedMessage: Sendable, Encodable {
    public let id: UUID
    public let applicationId: UUID
    /// `to_applicant` or `from_applicant`.
    public let direction: String
    /// A coordinator's login, or `applicant:<id>`.
    public let author: String
    public let template: String?
    public let sentAt: Date
    public let readAt: Date?
    public let text: String
}

public struct VolunteerFacts: Sendable, Encodable {
    public let id: UUID
    public let applicationId: UUID
    public let positionSlug: String
    public let status: String
    public let startedAt: Date
    public let tasks: [TaskFacts]
}

public struct TaskFacts: Sendable, Encodable {
    public let id: UUID
    public let title: String
    public let state: String
    /// `YYYY-MM-DD`, in the volunteer's time zone.
    public let dueDate: String
    public let closedAt: Date?
    /// Why it was skipped or cancelled.
    public let reason: String?
}

public struct EventFacts: Sendable, Encodable {
    public let seq: Int64
    public let occurredAt: Date
    public let actor: String
    public let entityType: String
    public let entityId: UUID
    public let eventType: String
    public let fromState: String?
    public let toState: String?
    /// As stored: ids, states and codes.
    public let payload: JSONValue
}
