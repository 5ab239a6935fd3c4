import Foundation
import PostgresNIO
import VolunteerCore

/// What an applicant sees of their application.
public struct ApplicantView: Sendable, Equatable {
    public struct Step: Sendable, Equatable, Codable {
        public let status: String
        public let at: Date
    }

    public let applicationID: UUID
    public let positionSlug: String
    public let positionTitle: String
    public let status: ApplicationStatus
    public let submittedAt: Date
    public let timeline: [Step]
}

/// The applicant's own actions, each keyed by the SHA-256 of their status
/// token and run by a database function that acts as `applicant:<id>`. Nil
/// or false: the token opens nothing (unknown, or erased).
public struct SelfServiceRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func view(tokenHash: [UInt8]) async throws -> ApplicantView? {
        let rows = try await database.client.query(
            """
            SELECT application_id, position_slug, position_title, status, submitted_at, timeline::text
            FROM applicant_view(\(ByteBuffer(bytes: tokenHash)))
            """,
            logger: database.logger
        ).collect()
        guard let row = rows.first else { return nil }
        let (id, slug, title, status, submitted, timeline) = try row.decode((UUID, String, String, String, Date, String).self)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return ApplicantView(
            applicationID: id, positionSlug: slug, positionTitle: title, status: ApplicationStatus(rawValue: status)!,
            submittedAt: submitted, timeline: try decoder.decode([ApplicantView.Step].self, from: Data(timeline.utf8))
        )
    }

    /// The new status, or nil for an unknown token. An application that can
    /// no longer move is refused as an illegal transition.
    public func withdraw(tokenHash: [UInt8]) async throws -> ApplicationStatus? {
        let rows = try await mappingDatabaseErrors(entity: "application", key: "yours") {
            try await database.write(
                "SELECT applicant_withdraw(\(ByteBuffer(bytes: tokenHash)))"
            )
        }
        return try rows.first?.decode(String?.self).flatMap(ApplicationStatus.init(rawValue:))
    }

    public func setAvailability(tokenHash: [UInt8], _ availability: Availability) async throws -> Bool {
        let logger = database.logger
        return try await database.withTransaction { connection in
            try await AvailabilityWrite(availability).replace(for: .statusToken(tokenHash), on: connection, logger: logger)
        }
    }

    public func erase(tokenHash: [UInt8]) async throws -> Bool {
        try await database.write(
            "SELECT applicant_erase(\(ByteBuffer(bytes: tokenHash)))"
        ).first!.decode(Bool.self)
    }
}
