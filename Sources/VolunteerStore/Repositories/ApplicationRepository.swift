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

    /// Moves an application, with a sealed note written in the same
    /// transaction if there is one. With `expectedVersion`, the move is
    /// refused as a conflict if anyone changed the application since that
    /// version was read; without it, since this call read it.
    public func move(
        id: UUID, to next: ApplicationStatus, reason: RejectionReason? = nil, note: SealedNote? = nil,
        notice: String? = nil, expectedVersion: Int? = nil
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
        if reason != nil, next != .rejected {
            throw DomainError.invalid(field: "reason", reason: "a reason goes with `rejected` only")
        }
        if reason == .other, note == nil {
            throw DomainError.invalid(field: "rejection note", reason: "`other` needs a note saying why; notes are sealed")
        }
        var update = PostgresQuery(
            unsafeSQL: """
                UPDATE applications SET status = $1::application_status, rejection_reason = $2::rejection_reason
                WHERE id = $3 AND version = $4 RETURNING id
                """)
        update.binds.append(next.rawValue, context: .default)
        update.binds.append(reason?.rawValue, context: .default)
        update.binds.append(id, context: .default)
        update.binds.append(version, context: .default)
        let logger = database.logger
        let composer = MessageComposer(database: database)
        try await mappingDatabaseErrors(entity: "application", key: id.uuidString) {
            try await database.withTransaction { connection in
                let updated = try await connection.query(update, logger: logger).collect()
                guard !updated.isEmpty else { throw DomainError.conflict(entity: "application", id: id.uuidString) }
                if let note { try await connection.query(note.insert, logger: logger) }
                if let notice { try await composer.send(.template(name: notice, language: nil), to: [id], on: connection) }
            }
        }
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

    private func run(_ query: PostgresQuery, id: UUID) async throws {
        let updated = try await mappingDatabaseErrors(entity: "application", key: id.uuidString) {
            try await database.write(query)
        }
        guard !updated.isEmpty else { throw DomainError.conflict(entity: "application", id: id.uuidString) }
    }
}
