import Foundation
import PostgresNIO
import VolunteerCore

/// One applicant's personal data as a coordinator sees it after a reveal.
public enum RevealedPersonalData: Sendable, Equatable {
    case opened(PersonalData)
    /// Sealed before this key was granted access; `vtrack keys grant` fixes it.
    case notGrantedToThisKey
    case unreadable(SealingError)
}

/// A coordinator's note about an applicant, opened.
public struct RevealedNote: Sendable, Equatable {
    public let id: UUID
    public let applicationID: UUID?
    public let author: String
    public let createdAt: Date
    public let text: Result<String, SealingError>
}

/// Reading and writing sealed data on a coordinator's side. Every read goes
/// through the database's reveal functions, which log it.
public struct PersonalDataRepository: Sendable {
    let database: Database
    let key: CoordinatorPrivateKey

    public init(database: Database, key: CoordinatorPrivateKey) {
        self.database = database
        self.key = key
    }

    /// The registered key this private key belongs to.
    public func registeredKey() async throws -> RecipientKey {
        guard let registered = try await KeyRepository(database: database).find(publicKey: key.publicKey) else {
            throw KeyAccessError.notRegistered(fingerprint: key.fingerprint)
        }
        return registered
    }

    /// The reader's key with the organisation keys it opens, opened once per call.
    public func keyring() async throws -> OrganisationKeyring {
        try await OrganisationKeyRepository(database: database).keyring(for: try await registeredKey(), key: key)
    }

    /// Opens the personal data of `applicantIDs` (logging one reveal each).
    /// Applicants without personal data (erased) are absent from the result.
    public func reveal(_ applicantIDs: [UUID]) async throws -> [UUID: RevealedPersonalData] {
        let keyring = try await keyring()
        let rows = try await withCommittedReveal(.personalData, of: applicantIDs, key: keyring.reader) { connection, request in
            try await connection.query(
                "SELECT applicant_id, sealed, organisation_key_id, encapsulated_key, wrapped_key FROM reveal_personal_data(\(request))",
                logger: database.logger
            ).collect()
        }
        var revealed: [UUID: RevealedPersonalData] = [:]
        for row in rows {
            let (applicant, sealed, organisationKey, encapsulated, wrapped) =
                try row.decode((UUID, ByteBuffer, UUID?, ByteBuffer?, ByteBuffer?).self)
            guard let encapsulated, let wrapped, organisationKey.map(keyring.opens) ?? true else {
                revealed[applicant] = .notGrantedToThisKey
                continue
            }
            let wrappedKey = WrappedDataKey(keyID: organisationKey ?? keyring.reader.id, encapsulated: encapsulated, wrapped: wrapped)
            do {
                let dataKey = try keyring.dataKey(wrappedKey, organisationKeyID: organisationKey, applicantID: applicant)
                revealed[applicant] = .opened(try dataKey.openPersonalData(Array(buffer: sealed), applicantID: applicant))
            } catch let error as SealingError {
                revealed[applicant] = .unreadable(error)
            }
        }
        return revealed
    }

    /// Adds a sealed note about an application's applicant. Needs a key
    /// that can open the applicant's data key.
    @discardableResult
    public func addNote(_ text: String, aboutApplication applicationID: UUID) async throws -> UUID {
        let note = try await seal(note: text, aboutApplication: applicationID)
        try await mappingDatabaseErrors(entity: "note", key: note.id.uuidString) {
            try await database.write(note.insert)
        }
        return note.id
    }

    /// A note about an application, sealed for its applicant and ready to be
    /// written, for a caller that writes it in the same transaction as
    /// something else (a move: see `StatusMove`).
    func seal(note text: String, aboutApplication applicationID: UUID) async throws -> SealedNote {
        let application = try await ApplicationRepository(database: database).find(id: applicationID)
        let dataKey = try await dataKey(of: application.applicantID)
        let noteID = UUID()
        let sealed = try dataKey.seal(Data(text.utf8), for: .note(noteID: noteID))
        return SealedNote(id: noteID, applicantID: application.applicantID, applicationID: application.id, sealed: sealed)
    }

    /// Every note about an applicant, opened, oldest first (logged as one reveal).
    public func notes(of applicantID: UUID) async throws -> [RevealedNote] {
        let keyring = try await keyring()
        let rows = try await withCommittedReveal(.notes, of: [applicantID], key: keyring.reader) { connection, request in
            try await connection.query(
                """
                SELECT id, application_id, author, created_at, sealed, organisation_key_id, encapsulated_key, wrapped_key
                FROM reveal_notes(\(request))
                """,
                logger: database.logger
            ).collect()
        }
        var notes: [RevealedNote] = []
        for row in rows {
            let (id, application, author, createdAt, sealed, organisationKey, encapsulated, wrapped) = try row.decode(
                (UUID, UUID?, String, Date, ByteBuffer, UUID?, ByteBuffer?, ByteBuffer?).self
            )
            let text: Result<String, SealingError>
            if let encapsulated, let wrapped, organisationKey.map(keyring.opens) ?? true {
                let wrappedKey = WrappedDataKey(keyID: organisationKey ?? keyring.reader.id, encapsulated: encapsulated, wrapped: wrapped)
                text = Result {
                    let dataKey = try keyring.dataKey(wrappedKey, organisationKeyID: organisationKey, applicantID: applicantID)
                    return String(decoding: try dataKey.open(Array(buffer: sealed), for: .note(noteID: id)), as: UTF8.self)
                }.mapError { $0 as? SealingError ?? .tampered }
            } else {
                text = .failure(.wrongKey)
            }
            notes.append(RevealedNote(id: id, applicationID: application, author: author, createdAt: createdAt, text: text))
        }
        return notes
    }

    /// What a reveal request covers.
    enum RevealKind: String {
        case personalData = "personal_data"
        case notes
    }

    private func withCommittedReveal(
        _ kind: RevealKind, of applicantIDs: [UUID], key reader: RecipientKey,
        _ read: (PostgresConnection, UUID) async throws -> [PostgresRow]
    ) async throws -> [PostgresRow] {
        try await database.withCommittedReveal(
            "SELECT request_reveal(\(kind.rawValue), \(applicantIDs), \(reader.id))", read
        )
    }

    /// The applicant's data key, from its wrap for the organisation key or
    /// else for the reader's own key.
    private func dataKey(of applicantID: UUID) async throws -> DataKey {
        let keyring = try await keyring()
        let rows = try await database.client.query(
            """
            SELECT organisation_key_id, encapsulated_key, wrapped_key FROM applicant_data_keys WHERE applicant_id = \(applicantID)
            UNION ALL
            SELECT NULL, encapsulated_key, wrapped_key FROM applicant_keys WHERE applicant_id = \(applicantID) AND key_id = \(keyring.reader.id)
            """,
            logger: database.logger
        )
        for try await (organisationKey, encapsulated, wrapped) in rows.decode((UUID?, ByteBuffer, ByteBuffer).self) {
            return try keyring.dataKey(
                WrappedDataKey(keyID: organisationKey ?? keyring.reader.id, encapsulated: encapsulated, wrapped: wrapped),
                organisationKeyID: organisationKey, applicantID: applicantID
            )
        }
        throw KeyAccessError.notGranted(keyName: keyring.reader.name, applicants: 1)
    }
}

extension WrappedDataKey {
    /// As the database returns it: two bytea columns.
    init(keyID: UUID, encapsulated: ByteBuffer, wrapped: ByteBuffer) {
        self.init(keyID: keyID, encapsulatedKey: Array(buffer: encapsulated), ciphertext: Array(buffer: wrapped))
    }
}

public struct SealedNote: Sendable {
    public let id: UUID
    let applicantID: UUID
    let applicationID: UUID
    let sealed: [UInt8]

    var insert: PostgresQuery {
        """
        INSERT INTO applicant_notes (id, applicant_id, application_id, sealed)
        VALUES (\(id), \(applicantID), \(applicationID), \(ByteBuffer(bytes: sealed)))
        """
    }
}
