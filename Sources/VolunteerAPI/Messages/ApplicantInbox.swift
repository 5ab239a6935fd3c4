import Foundation
import VolunteerCore
import VolunteerStore

/// The applicant's side of their thread with the organisation, for the API
/// (`MessageRoutes`) and the status page alike: opened and sealed with the
/// inbox key the status token derives, for this call only. Nil from either
/// call: the token opens nothing (unknown, or erased).
struct ApplicantInbox: Sendable {
    let selfService: SelfServiceRepository
    let keyring: RecipientKeyring
    let deadline: DatabaseDeadline

    /// Why a reply was not stored; each caller says it in its own way.
    enum Refusal: Error, Equatable {
        /// This many of the applicant's replies are waiting to be read.
        case tooManyUnread(limit: Int)
        /// The id is a message on another thread.
        case idTaken
        /// No organisation key to seal for: nothing was stored.
        case notSetUp
    }

    /// The thread, oldest first; reading it marks the organisation's
    /// messages read (`ApplicantMessage.isNew` says which were unread).
    func thread(_ token: StatusToken) async throws -> [ApplicantMessage]? {
        let selfService = self.selfService
        return try await deadline.run { try await selfService.messages(tokenHash: token.hash, inbox: token.inboxKey) }
    }

    /// Seals and stores a reply; its time. The same id again is the same
    /// reply (a double click), answered with the first one's time.
    func send(_ text: String, id: UUID, token: StatusToken) async throws -> Date? {
        do {
            do {
                return try await sendOnce(text, id: id, token: token)
            } catch SealingError.staleRecipients {
                // The organisation key was rotated since the last reload.
                try await keyring.reload()
                return try await sendOnce(text, id: id, token: token)
            }
        } catch MessagingError.tooManyUnread(let limit) {
            throw Refusal.tooManyUnread(limit: limit)
        } catch DomainError.alreadyExists {
            throw Refusal.idTaken
        }
    }

    private func sendOnce(_ text: String, id: UUID, token: StatusToken) async throws -> Date? {
        guard let organisation = try await keyring.organisationKey() else { throw Refusal.notSetUp }
        let selfService = self.selfService
        return try await deadline.run {
            try await selfService.reply(tokenHash: token.hash, inbox: token.inboxKey, text: text, id: id, organisation: organisation)
        }
    }
}
