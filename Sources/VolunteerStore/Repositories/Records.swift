import Foundation
import VolunteerCore

/// A position as stored.
public struct Position: Sendable, Equatable, Codable {
    public let id: UUID
    public let slug: String
    public let title: String
    public let team: String
    public let description: String
    public let skills: [String]
    public let languages: [String]
    public let hoursPerWeek: Double?
    /// Nil for remote positions.
    public let location: String?
    public let openings: Int
    public let status: PositionStatus
    /// The language of `title` and `description` when they are a
    /// translation; nil for the position's own text.
    public var translation: String? = nil
    /// Openings filled: its accepted applications.
    public var filled: Int = 0
    /// Takes applications even with every opening filled (no pause by the database).
    public var keepOpen: Bool = false
}

/// What a coordinator fills in to create a position.
public struct NewPosition: Sendable {
    public var slug: String
    public var title: String
    public var team: String
    public var description: String
    public var skills: [String]
    public var languages: [String]
    public var hoursPerWeek: Double?
    public var location: String?
    public var openings: Int
    public var keepOpen: Bool

    public init(
        slug: String, title: String, team: String, description: String = "", skills: [String] = [],
        languages: [String] = [], hoursPerWeek: Double? = nil, location: String? = nil, openings: Int = 1,
        keepOpen: Bool = false
    ) {
        self.keepOpen = keepOpen
        self.slug = slug
        self.title = title
        self.team = team
        self.description = description
        self.skills = skills
        self.languages = languages
        self.hoursPerWeek = hoursPerWeek
        self.location = location
        self.openings = openings
    }
}

/// A new application: its non-personal part in clear, the applicant's
/// personal data sealed (for the id the applicant will have).
public struct NewApplication: Sendable {
    public var applicationID = UUID.random()
    public var applicantID: UUID
    public var positionSlug: String
    public var languages: [String]
    public var skills: [String]
    public var timeZone: String
    public var source: String?
    public var personalData: SealedPersonalData
    /// The blind index of the applicant's e-mail, if they gave one.
    public var emailIndex: [UInt8]?
    public var availability: Availability?
    /// The privacy policy the applicant consented to (now).
    public var privacyPolicyVersion: String?
    /// SHA-256 of the status token handed to the applicant.
    public var statusTokenHash: [UInt8]?
    /// The public half of the inbox key the status token derives (see `InboxPrivateKey`).
    public var inboxKey: InboxPublicKey?
    /// The language the organisation's messages to the applicant are written in.
    public var language: String?
    /// Completes an Idempotency-Key in the same statement, so that the key
    /// is done exactly when the application exists.
    public var idempotency: IdempotentResponse?
    /// Events name `applicant:<id>` as the actor (honoured for vtrack_api only).
    public var actingAsApplicant: Bool = false

    public init(
        applicantID: UUID = UUID.random(), positionSlug: String, languages: [String], skills: [String], timeZone: String,
        source: String?, personalData: SealedPersonalData, emailIndex: [UInt8]? = nil
    ) {
        self.applicantID = applicantID
        self.positionSlug = positionSlug
        self.languages = languages
        self.skills = skills
        self.timeZone = timeZone
        self.source = source
        self.personalData = personalData
        self.emailIndex = emailIndex
    }
}

public struct Application: Sendable, Equatable {
    public let id: UUID
    public let applicantID: UUID
    public let positionID: UUID
    public let status: ApplicationStatus
    public let heldFrom: ApplicationStatus?
    public let rejectionReason: RejectionReason?
    public let assignedTo: String?
    public let version: Int
}

public struct Volunteer: Sendable, Equatable {
    public let id: UUID
    public let applicationID: UUID
    public let status: VolunteerStatus
}
