import Foundation
import VolunteerCore

/// A note a coordinator writes with a move, and the key that seals it for
/// the applicant.
public struct CoordinatorNote: Sendable {
    public let text: String
    public let key: CoordinatorPrivateKey

    public init(text: String, key: CoordinatorPrivateKey) {
        self.text = text
        self.key = key
    }
}

/// A coordinator moves an application, or an onboarding task, with a note
/// if they wrote one: the application the record belongs to is found, the
/// note is sealed for its applicant, and the move and the note are written
/// in one transaction, so a refused move leaves no note behind.
public struct StatusMove: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// With `notify` the status's notice is sent to the applicant in the
    /// same transaction (a move that cannot notify is refused); nil sends it
    /// when the organisation made it the status's default.
    public func application(
        _ id: UUID, to status: ApplicationStatus, reason: RejectionReason? = nil, note: CoordinatorNote? = nil, notify: Bool? = nil
    ) async throws -> Application {
        let sealed = try await seal(note, aboutApplication: id)
        let notice = try await notice(for: status, notify: notify)
        return try await ApplicationRepository(database: database).move(id: id, to: status, reason: reason, note: sealed, notice: notice)
    }

    /// The template to send, if any.
    private func notice(for status: ApplicationStatus, notify: Bool?) async throws -> String? {
        guard notify != false else { return nil }
        let notice = try await MessageTemplateRepository(database: database).notice(for: status)
        if notify == true, notice == nil {
            throw DomainError.notFound(entity: "status notice", id: status.rawValue)
        }
        return notice.flatMap { notify == true || $0.byDefault ? $0.template : nil }
    }

    /// A task's note is about the volunteer's application.
    public func task(
        _ id: UUID, to state: TaskState, reason: String? = nil, note: CoordinatorNote? = nil
    ) async throws -> OnboardingTaskRecord {
        let onboarding = OnboardingRepository(database: database)
        var sealed: SealedNote?
        if note != nil {
            let volunteer = try await VolunteerRepository(database: database).find(id: try await onboarding.task(id: id).volunteerId)
            sealed = try await seal(note, aboutApplication: volunteer.applicationID)
        }
        return try await onboarding.change(id: id, to: state, reason: reason, note: sealed)
    }

    private func seal(_ note: CoordinatorNote?, aboutApplication applicationID: UUID) async throws -> SealedNote? {
        guard let note else { return nil }
        return try await PersonalDataRepository(database: database, key: note.key).seal(note: note.text, aboutApplication: applicationID)
    }
}
