import Foundation
import PostgresNIO
import VolunteerCore

/// Volunteers: created by the database when an application is accepted.
public struct VolunteerRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func find(applicationID: UUID) async throws -> Volunteer {
        try await fetch(
            "SELECT id, application_id, status::text FROM volunteers WHERE application_id = \(applicationID)",
            missing: "for application \(applicationID)"
        )
    }

    public func find(id: UUID) async throws -> Volunteer {
        try await fetch("SELECT id, application_id, status::text FROM volunteers WHERE id = \(id)", missing: id.uuidString)
    }

    public func move(id: UUID, to next: VolunteerStatus) async throws -> Volunteer {
        let current = try await find(id: id)
        guard current.status.allowedNext().contains(next) else {
            throw DomainError.illegalTransition(
                entity: "volunteer", id: id.uuidString, current: current.status.rawValue, wanted: next.rawValue,
                allowed: current.status.allowedNext().map(\.rawValue)
            )
        }
        let updated = try await mappingDatabaseErrors(entity: "volunteer", key: id.uuidString) {
            try await database.write(
                """
                UPDATE volunteers SET status = \(next.rawValue)::volunteer_status
                WHERE id = \(id) AND status = \(current.status.rawValue)::volunteer_status RETURNING id
                """
            )
        }
        guard !updated.isEmpty else { throw DomainError.conflict(entity: "volunteer", id: id.uuidString) }
        return try await find(id: id)
    }

    private func fetch(_ query: PostgresQuery, missing: String) async throws -> Volunteer {
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (id, application, status) in rows.decode((UUID, UUID, String).self) {
            return Volunteer(id: id, applicationID: application, status: VolunteerStatus(rawValue: status)!)
        }
        throw DomainError.notFound(entity: "volunteer", id: missing)
    }
}
