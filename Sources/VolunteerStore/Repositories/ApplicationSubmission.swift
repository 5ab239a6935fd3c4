import Foundation
import PostgresNIO
import VolunteerCore

extension ApplicationRepository {
    /// Creates the applicant (skills, consent, availability), their sealed
    /// data with its wrapped keys, the application, its status token and the
    /// idempotent response, in one statement: one transaction, and one round
    /// trip after the checks. Works for the server's role, which may insert
    /// but not read any of it back.
    public func submit(_ application: NewApplication) async throws -> Application {
        let positionID = try await checkReferences(of: application)
        let applicationID = application.applicationID
        let applicantID = application.applicantID
        let sealed = application.personalData
        let windows = application.availability?.windows ?? []
        let blackouts = application.availability?.blackouts ?? []
        let actor = application.actingAsApplicant ? "applicant:\(applicantID.uuidString.lowercased())" : ""
        var query: PostgresQuery = """
                WITH actor AS (
                    SELECT set_config('vtrack.actor', \(actor), true)
                ), applicant AS (
                    INSERT INTO applicants (id, languages, time_zone, email_index, privacy_policy_version, consented_at, hours_per_week)
                    VALUES (\(applicantID), \(application.languages), \(application.timeZone),
                            \(application.emailIndex.map { ByteBuffer(bytes: $0) }), \(application.privacyPolicyVersion),
                            CASE WHEN \(application.privacyPolicyVersion)::text IS NULL THEN NULL ELSE now() END,
                            \(application.availability?.hoursPerWeek))
                ), skills AS (
                    INSERT INTO applicant_skills (applicant_id, skill)
                    SELECT \(applicantID), unnest(\(application.skills)::text[])
                ), personal AS (
                    INSERT INTO applicant_personal_data (applicant_id, sealed)
                    VALUES (\(applicantID), \(ByteBuffer(bytes: sealed.sealed)))
                ), keys AS (
                    INSERT INTO applicant_keys (applicant_id, key_id, encapsulated_key, wrapped_key)
                    SELECT \(applicantID), * FROM unnest(
                        \(sealed.wrappedKeys.map(\.keyID))::uuid[],
                        \(sealed.wrappedKeys.map { ByteBuffer(bytes: $0.encapsulatedKey) })::bytea[],
                        \(sealed.wrappedKeys.map { ByteBuffer(bytes: $0.ciphertext) })::bytea[])
                ), windows AS (
                    INSERT INTO availability_windows (applicant_id, day, start_minute, end_minute)
                    SELECT \(applicantID), * FROM unnest(
                        \(windows.map(\.day.rawValue))::weekday[],
                        \(windows.map { Int16($0.start.minutes) })::smallint[],
                        \(windows.map { Int16($0.end.minutes) })::smallint[])
                ), blackouts AS (
                    INSERT INTO availability_blackouts (applicant_id, from_date, to_date)
                    SELECT \(applicantID), * FROM unnest(
                        \(blackouts.map(\.from.description))::date[], \(blackouts.map(\.to.description))::date[])
                    ON CONFLICT DO NOTHING
                ), application AS (
                    INSERT INTO applications (id, applicant_id, position_id, source)
                    SELECT \(applicationID), \(applicantID), \(positionID), \(application.source) FROM actor
                ), token AS (
                    INSERT INTO application_tokens (token_hash, application_id)
                    SELECT \(application.statusTokenHash.map { ByteBuffer(bytes: $0) }), \(applicationID)
                    WHERE \(application.statusTokenHash.map { ByteBuffer(bytes: $0) })::bytea IS NOT NULL
                )

                """
        if let idempotency = application.idempotency {
            let next = query.binds.count
            query.sql += "UPDATE idempotency_keys SET response_status = $\(next + 1), response_body = $\(next + 2) WHERE key_hash = $\(next + 3)"
            query.binds.append(Int16(idempotency.status), context: .default)
            query.binds.append(ByteBuffer(bytes: idempotency.sealedBody), context: .default)
            query.binds.append(ByteBuffer(bytes: idempotency.keyHash), context: .default)
        } else {
            query.sql += "SELECT 1"
        }
        try await mappingDatabaseErrors(entity: "application", key: application.positionSlug) {
            try await database.client.query(query, logger: database.logger).collect()
        }
        return Application(
            id: applicationID, applicantID: applicantID, positionID: positionID, status: .submitted,
            heldFrom: nil, rejectionReason: nil, assignedTo: nil, version: 1
        )
    }

    /// The open position's id, after checking skills and source are in use,
    /// all in one round trip.
    private func checkReferences(of application: NewApplication) async throws -> UUID {
        let rows = try await mappingDatabaseErrors(entity: "position", key: application.positionSlug) {
            try await database.client.query(
                """
                SELECT (SELECT id FROM positions WHERE slug = \(application.positionSlug)),
                       (SELECT status::text FROM positions WHERE slug = \(application.positionSlug)),
                       ARRAY(SELECT unnest(\(application.skills)::text[])
                             EXCEPT SELECT slug FROM skills WHERE retired_at IS NULL),
                       \(application.source)::text IS NULL
                           OR EXISTS (SELECT 1 FROM sources WHERE slug = \(application.source) AND retired_at IS NULL)
                """,
                logger: database.logger
            ).collect()
        }
        let (positionID, status, unknownSkills, sourceKnown) = try rows[0].decode((UUID?, String?, [String], Bool).self)
        guard let positionID, let status else { throw DomainError.notFound(entity: "position", id: application.positionSlug) }
        guard status == PositionStatus.open.rawValue else {
            throw DomainError.positionNotOpen(slug: application.positionSlug, status: status)
        }
        if let skill = unknownSkills.sorted().first { throw DomainError.unknownReference(entity: "skill", key: skill) }
        if !sourceKnown, let source = application.source { throw DomainError.unknownReference(entity: "source", key: source) }
        return positionID
    }
}

/// The response to store with an Idempotency-Key, already sealed.
public struct IdempotentResponse: Sendable {
    public let keyHash: [UInt8]
    public let status: Int
    public let sealedBody: [UInt8]

    public init(keyHash: [UInt8], status: Int, sealedBody: [UInt8]) {
        self.keyHash = keyHash
        self.status = status
        self.sealedBody = sealedBody
    }
}
