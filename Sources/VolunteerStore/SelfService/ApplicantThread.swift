import Foundation
import PostgresNIO
import VolunteerCore

/// The applicant's side of their thread, keyed by their status token: the
/// server derives the inbox key from the token for this call only. Nil: the
/// token opens nothing (unknown, or erased).
extension SelfServiceRepository {
    /// The thread, oldest first; the coordinators' messages are marked read,
    /// and those this call marked are `isNew` (their `read_at` is this
    /// transaction's `now()`, which an earlier reading's cannot be).
    public func messages(tokenHash: [UInt8], inbox: InboxPrivateKey) async throws -> [ApplicantMessage]? {
        let rows = try await database.write(
            """
            SELECT id, direction, sent_at, read_at, sealed, encapsulated_key, wrapped_key,
                coalesce(direction = 'to_applicant' AND read_at = now(), false)
            FROM applicant_messages(\(ByteBuffer(bytes: tokenHash)), \(ByteBuffer(bytes: inbox.publicKey.rawRepresentation)))
            """
        )
        guard !rows.isEmpty else { return nil }
        return try rows.compactMap { row in
            let (id, direction, sentAt, readAt, sealed, encapsulated, wrapped, isNew) = try row.decode(
                (UUID?, String?, Date?, Date?, ByteBuffer?, ByteBuffer?, ByteBuffer?, Bool).self)
            guard let id, let direction, let sentAt, let sealed, let encapsulated, let wrapped else { return nil }
            let text = try? SealedMessage.open(
                Array(buffer: sealed), id: id, wrapped: WrappedKey(keyID: id, encapsulated: encapsulated, wrapped: wrapped), with: inbox)
            return ApplicantMessage(
                id: id, direction: MessageDirection(rawValue: direction)!, sentAt: sentAt, readAt: readAt, text: text, isNew: isNew)
        }
    }

    /// Writes a reply sealed for the coordinators (and the applicant's own
    /// inbox); the same `id` again is the same reply. Its time, or nil for
    /// an unknown token. `SealingError.staleRecipients` when the organisation
    /// key changed since it was read; `MessagingError.tooManyUnread` past the limit.
    public func reply(
        tokenHash: [UInt8], inbox: InboxPrivateKey, text: String, id: UUID, organisation: RecipientKey
    ) async throws -> Date? {
        let sealed = try SealedMessage(text: text, id: id, inbox: inbox.publicKey, organisation: organisation)
        let rows = try await mappingDatabaseErrors(entity: "message", key: "reply") {
            try await database.write(
                """
                SELECT applicant_reply(
                    \(ByteBuffer(bytes: tokenHash)), \(ByteBuffer(bytes: inbox.publicKey.rawRepresentation)), \(id),
                    \(ByteBuffer(bytes: sealed.sealed)), \(ByteBuffer(bytes: sealed.inboxKey.encapsulatedKey)),
                    \(ByteBuffer(bytes: sealed.inboxKey.ciphertext)), \(organisation.id),
                    \(ByteBuffer(bytes: sealed.organisationKey.encapsulatedKey)), \(ByteBuffer(bytes: sealed.organisationKey.ciphertext)))
                """
            )
        }
        return try rows.first?.decode(Date?.self)
    }
}
