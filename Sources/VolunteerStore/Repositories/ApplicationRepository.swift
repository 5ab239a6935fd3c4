import Foundation
import PostgresNIO
import VolunteerCore

/// Applications through the pipeline. Every change writes its event in the
/// same transaction (the database's triggers see to it).
public struct ApplicationRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Creates the applicant, their skills, their sealed data with its
    /// wrapped keys, and the application, in one statement (so one
    /// transaction and one round trip after the position lookup). Works for
    /// the server's role, which may insert but not read any of it back.
    public func submit(_ application: NewApplication) async throws -> Application {
        let logger = database.logger
        let position = try await mappingDatabaseErrors(entity: "position", key: application.positionSlug) {
            try await database.client.query(
                "SELECT id, status::text FROM positions WHERE slug = \(application.positionSlug)", logger: logger
            ).collect().first?.decode((UUID, String).self)
        }
        guard let (positionID, status) = position else {
            throw DomainError.notFound(entity: "position", id: application.positionSlug)
        }
        guard status == PositionStatus.open.rawValue else {
            throw DomainError.positionNotOpen(slug: application.positionSlug, status: status)
        }
        let applicationID = UUID()
        let applicantID = application.applicantID
        let sealed = application.personalData
        let emailIndex = application.emailIndex.map { ByteBuffer(bytes: $0) }
        try await mappingDatabaseErrors(entity: "application", key: application.positionSlug) {
            try await database.client.query(
                """
                WITH applicant AS (
                    INSERT INTO applicants (id, languages, time_zone, email_index)
                    VALUES (\(applicantID), \(application.languages), \(application.timeZone), \(emailIndex))
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
                )
                INSERT INTO applications (id, applicant_id, position_id, source)
                VALUES (\(applicationID), \(applicantID), \(positionID), \(application.source))
                """,
                logger: logger
            ).collect()
        }
        return Application(
            id: applicationID, applicantID: applicantID, positionID: positionID, status: .submitted,
            heldFrom: nil, rejectionReason: nil, assignedTo: nil, version: 1
        )
    }

    public func find(id: UUID) async throws -> Application {
        let rows = try await database.client.query(
            """
            SELECT id, applicant_id, position_id, status::text, held_from::text, rejection_reason::text, assigned_to, version
            FROM applications WHERE id = \(id)
            """,
            logger: database.logger
        )
        for try await (id, applicant, position, status, heldFrom, reason, assignee, version) in rows.decode(
            (UUID, UUID, UUID, String, String?, String?, String?, Int).self
        ) {
            return Application(
                id: id, applicantID: applicant, positionID: position,
                status: ApplicationStatus(rawValue: status)!, heldFrom: heldFrom.flatMap(ApplicationStatus.init(rawValue:)),
                rejectionReason: reason.flatMap(RejectionReason.init(rawValue:)), assignedTo: assignee, version: version
            )
        }
        throw DomainError.notFound(entity: "application", id: id.uuidString)
    }

    /// Moves an application. With `expectedVersion`, the move is refused as a
    /// conflict if anyone changed the application since that version was read;
    /// without it, since this call read it.
    public func move(
        id: UUID, to next: ApplicationStatus, reason: RejectionReason? = nil, expectedVersion: Int? = nil
    ) async throws -> Application {
        let current = try await find(id: id)
        let version = expectedVersion ?? current.version
        guard current.version == version else { throw DomainError.conflict(entity: "application", id: id.uuidString) }
        guard current.status.canMove(to: next, heldFrom: current.heldFrom) else {
            throw DomainError.illegalTransition(
                entity: "application", id: id.uuidString, current: current.status.rawValue, wanted: next.rawValue,
                allowed: current.status.allowedNext(heldFrom: current.heldFrom).map(\.rawValue)
            )
        }
        if next == .rejected, reason == nil {
            throw DomainError.reasonRequired(entity: "application", id: id.uuidString, action: "rejecting")
        }
        try await update(id: id, version: version, set: """
            status = '\(next.rawValue)'::application_status,
            rejection_reason = \(reason.map { "'\($0.rawValue)'::rejection_reason" } ?? "NULL")
            """)
        return try await find(id: id)
    }

    /// Assigns the application to a coordinator (their database role), or
    /// unassigns it with nil.
    public func assign(id: UUID, to coordinator: String?, expectedVersion: Int? = nil) async throws -> Application {
        let current = try await find(id: id)
        let version = expectedVersion ?? current.version
        try await run(
            "UPDATE applications SET assigned_to = \(coordinator) WHERE id = \(id) AND version = \(version) RETURNING id",
            id: id
        )
        return try await find(id: id)
    }

    /// `assignments` is built from enum raw values only, never from input.
    private func update(id: UUID, version: Int, set assignments: String) async throws {
        var query = PostgresQuery(unsafeSQL: "UPDATE applications SET \(assignments) WHERE id = $1 AND version = $2 RETURNING id")
        query.binds.append(id, context: .default)
        query.binds.append(version, context: .default)
        try await run(query, id: id)
    }

    private func run(_ query: PostgresQuery, id: UUID) async throws {
        let updated = try await mappingDatabaseErrors(entity: "application", key: id.uuidString) {
            try await database.client.query(query, logger: database.logger).collect()
        }
        guard !updated.isEmpty else { throw DomainError.conflict(entity: "application", id: id.uuidString) }
    }
}
