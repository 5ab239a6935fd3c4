import Foundation
import Logging
import VolunteerCore
import VolunteerStore

/// What an applicant sends: the non-personal part in clear, the personal
/// part to be sealed before anything is written.
struct ApplicationDraft: Sendable {
    var positionSlug: String
    var languages: [String]
    var skills: [String]
    var timeZone: String
    var source: String?
    var personalData: PersonalData
    var availability: Availability? = nil
    var privacyPolicyVersion: String? = nil
    /// The language the organisation's messages are written in.
    var language: String? = nil
}

/// What the applicant gets back once, and what makes a retry safe.
struct IntakeReceipt: Sendable {
    var applicationID = UUID.random()
    var statusTokenHash: [UInt8]? = nil
    /// The public half of the inbox key the status token derives.
    var inboxKey: InboxPublicKey? = nil
    var idempotency: IdempotentResponse? = nil
}

/// Seals an application for every registered coordinator key and stores it.
/// The server can do this and nothing more with personal data.
struct ApplicationIntake: Sendable {
    let keyring: RecipientKeyring
    let blindIndex: BlindIndex
    let applications: ApplicationRepository

    func submit(_ draft: ApplicationDraft, receipt: IntakeReceipt = IntakeReceipt()) async throws -> Application {
        do {
            return try await submitOnce(draft, receipt: receipt)
        } catch SealingError.staleRecipients {
            // A key was registered or revoked since the last reload.
            try await keyring.reload()
            return try await submitOnce(draft, receipt: receipt)
        }
    }

    private func submitOnce(_ draft: ApplicationDraft, receipt: IntakeReceipt) async throws -> Application {
        let applicantID = UUID.random()
        let sealed = try await keyring.sealer().seal(draft.personalData, applicantID: applicantID)
        var application = NewApplication(
            applicantID: applicantID, positionSlug: draft.positionSlug, languages: draft.languages, skills: draft.skills,
            timeZone: draft.timeZone, source: draft.source, personalData: sealed,
            emailIndex: draft.personalData.email.map(blindIndex.email)
        )
        application.applicationID = receipt.applicationID
        application.availability = draft.availability
        application.privacyPolicyVersion = draft.privacyPolicyVersion
        application.statusTokenHash = receipt.statusTokenHash
        application.inboxKey = receipt.inboxKey
        application.language = draft.language
        application.idempotency = receipt.idempotency
        application.actingAsApplicant = true
        return try await applications.submit(application)
    }
}
