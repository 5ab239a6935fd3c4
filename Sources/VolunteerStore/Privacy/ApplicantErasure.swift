import Foundation
import PostgresNIO
import VolunteerCore

/// What an erasure would touch, counted before it is confirmed: nothing
/// personal, only how much goes and what happens to the pipeline.
public struct ErasurePreview: Sendable, Equatable {
    public let applicantID: UUID
    /// Set when the applicant was erased already (nothing left to erase).
    public let erasedAt: Date?
    public let erasureReason: String?
    public let applications: Int
    /// Applications still in the pipeline, which are withdrawn.
    public let openApplications: Int
    /// Volunteers not yet alumni, who are offboarded.
    public let activeVolunteers: Int
    /// Their open onboarding tasks, which are cancelled.
    public let openTasks: Int
    public let notes: Int
    /// Messages in their threads, both ways.
    public let messages: Int
    public let hasPersonalData: Bool
}

/// How an erasure ended.
public enum ErasureOutcome: Sendable, Equatable {
    case erased
    /// Erased before, when and why; this call changed nothing.
    case alreadyErased(at: Date, reason: String)
}

/// A coordinator's erasure of an applicant, through the database's one
/// erasure function (`erase_applicant`), which logs it.
public struct ApplicantErasure: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func preview(_ applicantID: UUID) async throws -> ErasurePreview {
        let rows = try await database.client.query(
            """
            SELECT ap.erased_at, ap.erasure_reason,
                   (SELECT count(*)::int FROM applications a WHERE a.applicant_id = ap.id),
                   (SELECT count(*)::int FROM applications a
                    WHERE a.applicant_id = ap.id AND a.status NOT IN ('accepted', 'rejected', 'withdrawn')),
                   (SELECT count(*)::int FROM volunteers v JOIN applications a ON a.id = v.application_id
                    WHERE a.applicant_id = ap.id AND v.status <> 'alumni'),
                   (SELECT count(*)::int FROM onboarding_tasks t JOIN volunteers v ON v.id = t.volunteer_id
                    JOIN applications a ON a.id = v.application_id
                    WHERE a.applicant_id = ap.id AND v.status <> 'alumni' AND t.state = 'open'),
                   (SELECT count(*)::int FROM applicant_notes n WHERE n.applicant_id = ap.id),
                   (SELECT count(*)::int FROM messages m JOIN applications a ON a.id = m.application_id WHERE a.applicant_id = ap.id),
                   EXISTS (SELECT 1 FROM applicant_personal_data p WHERE p.applicant_id = ap.id)
            FROM applicants ap WHERE ap.id = \(applicantID)
            """,
            logger: database.logger
        )
        for try await (erasedAt, reason, applications, open, volunteers, tasks, notes, messages, personal) in rows.decode(
            (Date?, String?, Int, Int, Int, Int, Int, Int, Bool).self
        ) {
            return ErasurePreview(
                applicantID: applicantID, erasedAt: erasedAt, erasureReason: reason, applications: applications,
                openApplications: open, activeVolunteers: volunteers, openTasks: tasks, notes: notes, messages: messages,
                hasPersonalData: personal
            )
        }
        throw DomainError.notFound(entity: "applicant", id: applicantID.uuidString.lowercased())
    }

    /// Erases the applicant, committed before it returns.
    public func erase(_ applicantID: UUID, reason: ErasureReason) async throws -> ErasureOutcome {
        let id = applicantID.uuidString.lowercased()
        do {
            return try await database.withTransaction { connection in
                let erased = try await connection.query(
                    "SELECT erase_applicant(\(applicantID), \(reason.rawValue))", logger: database.logger
                ).collect().first!.decode(Bool.self)
                if erased { return .erased }
                let row = try await connection.query(
                    "SELECT erased_at, erasure_reason FROM applicants WHERE id = \(applicantID)", logger: database.logger
                ).collect().first!
                let (at, earlier) = try row.decode((Date, String).self)
                return .alreadyErased(at: at, reason: earlier)
            }
        } catch let error as PSQLError where error.sqlState == VtrackSQLState.notANewApplicant {
            // vtrack_erase_applicant's word for an applicant that does not exist.
            throw DomainError.notFound(entity: "applicant", id: id)
        }
    }
}
