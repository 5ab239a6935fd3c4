import Foundation
import PostgresNIO
import VolunteerCore

/// The coordinators' side of the threads: sending, reading (a reveal, like
/// personal data), and the inbox of replies nobody has read.
public struct MessageRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// One message per application, all in one transaction: every one is
    /// sent, or none (`MessagingError` says why). Returns the message ids in
    /// the order of `applicationIDs`.
    @discardableResult
    public func send(_ draft: MessageDraft, to applicationIDs: [UUID]) async throws -> [UUID] {
        let composer = MessageComposer(database: database)
        return try await mappingDatabaseErrors(entity: "message", key: "batch") {
            try await database.withTransaction { connection in
                try await composer.send(draft, to: applicationIDs, on: connection)
            }
        }
    }

    /// The threads of `applicationIDs`, opened with the organisation key,
    /// oldest first. Logged as one reveal per applicant, committed before
    /// anything is read; replies not read yet are marked read by the caller.
    public func threads(of applicationIDs: [UUID], key: CoordinatorPrivateKey) async throws -> [RevealedMessage] {
        let keyring = try await PersonalDataRepository(database: database, key: key).keyring()
        let rows = try await database.withCommittedReveal(
            "SELECT request_message_reveal(\(applicationIDs), \(keyring.reader.id))"
        ) { connection, request in
            try await connection.query(
                """
                SELECT id, application_id, direction, author, template, sent_at, read_at, read_by, sealed,
                       organisation_key_id, encapsulated_key, wrapped_key
                FROM reveal_messages(\(request))
                """,
                logger: database.logger
            ).collect()
        }
        return try rows.map { row in
            let (id, application, direction, author, template, sentAt, readAt, readBy, sealed, organisationKey, encapsulated, wrapped) =
                try row.decode(
                    (UUID, UUID, String, String, String?, Date, Date?, String?, ByteBuffer, UUID, ByteBuffer, ByteBuffer).self)
            let text: Result<String, SealingError> =
                if let opener = keyring.organisationKey(organisationKey) {
                    Result {
                        try SealedMessage.open(
                            Array(buffer: sealed), id: id,
                            wrapped: WrappedKey(keyID: organisationKey, encapsulated: encapsulated, wrapped: wrapped), with: opener)
                    }.mapError { $0 as? SealingError ?? .tampered }
                } else {
                    .failure(.wrongKey)
                }
            return RevealedMessage(
                id: id, applicationID: application, direction: MessageDirection(rawValue: direction)!, author: author,
                template: template, sentAt: sentAt, readAt: readAt, readBy: readBy, text: text)
        }
    }

    /// Replies no coordinator has read, oldest first. Reads no text, so it
    /// reveals nothing.
    public func inbox(limit: Int, offset: Int = 0) async throws -> [InboxEntry] {
        let rows = try await database.client.query(
            """
            SELECT m.id, m.application_id, p.slug, a.status::text, m.sent_at,
                   count(*) OVER (PARTITION BY m.application_id)::int
            FROM messages m
            JOIN applications a ON a.id = m.application_id
            JOIN positions p ON p.id = a.position_id
            WHERE m.direction = 'from_applicant' AND m.read_at IS NULL
            ORDER BY m.sent_at, m.id
            LIMIT \(limit) OFFSET \(offset)
            """,
            logger: database.logger
        )
        var entries: [InboxEntry] = []
        for try await (id, application, position, status, at, unread) in rows.decode((UUID, UUID, String, String, Date, Int).self) {
            entries.append(
                InboxEntry(
                    messageId: id, applicationId: application, shortId: ShortID.display(application), position: position,
                    status: status, receivedAt: at, unreadInThread: unread))
        }
        return entries
    }

    /// How many replies wait to be read in all.
    public func unreadCount() async throws -> Int {
        try await database.client.query(
            "SELECT count(*)::int FROM messages WHERE direction = 'from_applicant' AND read_at IS NULL", logger: database.logger
        ).collect().first!.decode(Int.self)
    }
}
