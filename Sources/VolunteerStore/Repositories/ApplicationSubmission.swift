import Foundation
import PostgresNIO
import VolunteerCore

extension ApplicationRepository {
    /// Creates the applicant (skills, consent to a recorded privacy notice, availability), their sealed
    /// data with its data key (wrapped for the organisation key, or for each
    /// coordinator key before there is one), the application, its status token and,
    /// with an Idempotency-Key, the response to replay, in one statement that
    /// first checks the position, skills and source: one round trip and one
    /// transaction, so that the key is taken exactly when the application
    /// exists. Works for the server's role, which may insert but not read any
    /// of it back.
    ///
    /// Throws `IdempotencyConflict` when the key was used before, and the
    /// domain errors of an unknown or closed position, skill or source.
    public func submit(_ application: NewApplication) async throws -> Application {
        let query = Self.submission(application)
        // A first request with the same key may commit after this statement's
        // snapshot: then the key is taken but its row is not visible; look again.
        for _ in 0..<5 {
            let rows = try await mappingDatabaseErrors(entity: "application", key: application.positionSlug) {
                try await database.write(query)
            }
            let outcome = try SubmissionOutcome(rows[0])
            if let positionID = outcome.positionID, outcome.written {
                return Application(
                    id: application.applicationID, applicantID: application.applicantID, positionID: positionID,
                    status: .submitted, heldFrom: nil, rejectionReason: nil, assignedTo: nil, version: 1
                )
            }
            try outcome.refusal(of: application)
        }
        throw IdempotencyConflict.inProgress
    }

    /// Without an Idempotency-Key (coordinators' roles may not read or
    /// write the keys): a table with no rows, in the shape of theirs.
    private static let noStoredResponses = """
        (SELECT NULL::bytea AS key_hash, NULL::bytea AS request_hash, NULL::smallint AS response_status, NULL::bytea AS response_body
         WHERE false)
        """

    private static func submission(_ application: NewApplication) -> PostgresQuery {
        let applicationID = application.applicationID
        let applicantID = application.applicantID
        let sealed = application.personalData
        let availability = AvailabilityWrite(application.availability)
        let organisationKey = sealed.organisationKey
        let actor = application.actingAsApplicant ? "applicant:\(applicantID.uuidString.lowercased())" : ""
        let tokenHash = application.statusTokenHash.map { ByteBuffer(bytes: $0) }
        let idempotency = application.idempotency
        let keyHash = idempotency.map { ByteBuffer(bytes: $0.keyHash) }
        let lockKey = idempotency.map { IdempotencyLock.key($0.keyHash) }
        // Without a key the claim is a plain SELECT, so the binds are the same.
        return """
            WITH checked AS (
                SELECT p.id AS position_id, p.status::text AS position_status,
                       ARRAY(SELECT unnest(\(application.skills)::text[])
                             EXCEPT SELECT slug FROM skills WHERE retired_at IS NULL) AS unknown_skills,
                       \(application.source)::text IS NULL
                           OR EXISTS (SELECT 1 FROM sources WHERE slug = \(application.source) AND retired_at IS NULL) AS source_known,
                       \(application.privacyPolicyVersion)::text IS NULL
                           OR EXISTS (SELECT 1 FROM privacy_notices WHERE version = \(application.privacyPolicyVersion)) AS notice_known
                FROM (VALUES (1)) AS one LEFT JOIN positions p ON p.slug = \(application.positionSlug)
            ), ready AS (
                SELECT position_id FROM checked
                WHERE position_status = 'open' AND cardinality(unknown_skills) = 0 AND source_known AND notice_known
            ), lock AS (
                -- Tells a retry that arrives while this statement runs (409)
                -- from one that arrives after it (the stored response).
                SELECT \(keyHash)::bytea IS NULL
                       OR pg_try_advisory_xact_lock(\(IdempotencyLock.namespace), \(lockKey)) AS free
            ), claim AS (
                \(unescaped: idempotency == nil ? "" : "INSERT INTO idempotency_keys (key_hash, request_hash, response_status, response_body)")
                SELECT \(keyHash), \(idempotency.map { ByteBuffer(bytes: $0.requestHash) }),
                       \(idempotency.map { Int16($0.status) }), \(idempotency.map { ByteBuffer(bytes: $0.sealedBody) })
                FROM ready, lock WHERE lock.free
                \(unescaped: idempotency == nil ? "" : "ON CONFLICT (key_hash) DO NOTHING RETURNING 1")
            ), go AS (
                SELECT position_id FROM ready, claim
            ), actor AS (
                SELECT set_config('vtrack.actor', \(actor), true) FROM go
            ), applicant AS (
                INSERT INTO applicants (id, languages, time_zone, email_index, privacy_policy_version, hours_per_week)
                SELECT \(applicantID), \(application.languages), \(application.timeZone),
                       \(application.emailIndex.map { ByteBuffer(bytes: $0) }), \(application.privacyPolicyVersion),
                       \(availability.hoursPerWeek)
                FROM go
            ), skills AS (
                INSERT INTO applicant_skills (applicant_id, skill)
                SELECT \(applicantID), unnest(\(application.skills)::text[]) FROM go
            ), personal AS (
                INSERT INTO applicant_personal_data (applicant_id, sealed)
                SELECT \(applicantID), \(ByteBuffer(bytes: sealed.sealed)) FROM go
            ), keys AS (
                INSERT INTO applicant_keys (applicant_id, key_id, encapsulated_key, wrapped_key)
                SELECT \(applicantID), k.* FROM go, unnest(
                    \(sealed.wrappedKeys.map(\.keyID))::uuid[],
                    \(sealed.wrappedKeys.map { ByteBuffer(bytes: $0.encapsulatedKey) })::bytea[],
                    \(sealed.wrappedKeys.map { ByteBuffer(bytes: $0.ciphertext) })::bytea[]) AS k
            ), data_key AS (
                INSERT INTO applicant_data_keys (applicant_id, organisation_key_id, encapsulated_key, wrapped_key)
                SELECT \(applicantID), \(organisationKey?.keyID), \(organisationKey.map { ByteBuffer(bytes: $0.encapsulatedKey) }),
                       \(organisationKey.map { ByteBuffer(bytes: $0.ciphertext) })
                FROM go WHERE \(organisationKey?.keyID)::uuid IS NOT NULL
            ),
            \(rowsOf: availability, newApplicant: applicantID),
            application AS (
                INSERT INTO applications (id, applicant_id, position_id, source, language)
                SELECT \(applicationID), \(applicantID), go.position_id, \(application.source), \(application.language) FROM go, actor
            ), token AS (
                INSERT INTO application_tokens (token_hash, application_id, inbox_key)
                SELECT \(tokenHash), \(applicationID), \(application.inboxKey.map { ByteBuffer(bytes: $0.rawRepresentation) })
                FROM go WHERE \(tokenHash)::bytea IS NOT NULL
            )
            SELECT c.position_id, c.position_status, c.unknown_skills, c.source_known, c.notice_known,
                   (SELECT free FROM lock), EXISTS (SELECT 1 FROM go),
                   k.request_hash, k.response_status, k.response_body
            FROM checked c LEFT JOIN \(unescaped: idempotency == nil ? Self.noStoredResponses : "idempotency_keys") k
                ON k.key_hash = \(keyHash)
            """
    }
}

/// What the submitting statement found, and whether it wrote.
private struct SubmissionOutcome {
    let positionID: UUID?
    let positionStatus: String?
    let unknownSkills: [String]
    let sourceKnown: Bool
    let noticeKnown: Bool
    /// False while another request with the same key is being written.
    let keyFree: Bool
    let written: Bool
    let storedRequestHash: ByteBuffer?
    let storedStatus: Int16?
    let storedBody: ByteBuffer?

    init(_ row: PostgresRow) throws {
        (
            positionID, positionStatus, unknownSkills, sourceKnown, noticeKnown, keyFree, written, storedRequestHash, storedStatus,
            storedBody
        ) =
            try row.decode((UUID?, String?, [String], Bool, Bool, Bool, Bool, ByteBuffer?, Int16?, ByteBuffer?).self)
    }

    /// Why nothing was written; returns when the only reason is a key taken
    /// by a request that committed after this statement began.
    func refusal(of application: NewApplication) throws {
        guard keyFree else { throw IdempotencyConflict.inProgress }
        if let storedRequestHash, let requestHash = application.idempotency?.requestHash {
            guard Array(buffer: storedRequestHash) == requestHash else { throw IdempotencyConflict.mismatch }
            // Earlier versions of the server claimed a key before writing, and
            // left rows without a response while they wrote.
            guard let storedStatus, let storedBody else { throw IdempotencyConflict.inProgress }
            throw IdempotencyConflict.replay(status: Int(storedStatus), sealedBody: Array(buffer: storedBody))
        }
        guard positionID != nil, let positionStatus else {
            throw DomainError.notFound(entity: "position", id: application.positionSlug)
        }
        guard positionStatus == PositionStatus.open.rawValue else {
            throw DomainError.positionNotOpen(slug: application.positionSlug, status: positionStatus)
        }
        if let skill = unknownSkills.sorted().first { throw DomainError.unknownReference(entity: "skill", key: skill) }
        if !sourceKnown, let source = application.source { throw DomainError.unknownReference(entity: "source", key: source) }
        if !noticeKnown, let version = application.privacyPolicyVersion {
            throw DomainError.unknownReference(entity: "privacy notice", key: version)
        }
    }
}
