import Foundation
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// Applicants whose applications and volunteering ended (or not) some days
/// ago: made through intake, moved and backdated by the superuser, as the
/// tests of the report backdate (the triggers stamp `decided_at` and
/// `left_at` with the time of the move).
enum RetentionFixture {
    /// How an applicant's one application stands.
    enum Standing {
        case open
        case rejected(RejectionReason, daysAgo: Int)
        case withdrawn(daysAgo: Int)
        case volunteer(VolunteerStatus)
        case alumni(daysAgo: Int)
    }

    /// A new applicant, created four years ago, with one application that stands as `standing`.
    static func applicant(_ test: TestDatabase, _ database: Database, _ standing: Standing) async throws -> UUID {
        let application = try await Fixtures.application(database)
        let id = application.id
        try await test.superuser("UPDATE applicants SET created_at = now() - interval '4 years' WHERE id = '\(application.applicantID)'")
        switch standing {
        case .open:
            break
        case .rejected(let reason, let days):
            try await test.superuser(
                "UPDATE applications SET status = 'rejected', rejection_reason = '\(reason.rawValue)' WHERE id = '\(id)'",
                "UPDATE applications SET decided_at = now() - interval '\(days) days' WHERE id = '\(id)'"
            )
        case .withdrawn(let days):
            try await test.superuser(
                "UPDATE applications SET status = 'withdrawn' WHERE id = '\(id)'",
                "UPDATE applications SET decided_at = now() - interval '\(days) days' WHERE id = '\(id)'"
            )
        case .volunteer(let status):
            try await test.superuser(
                "UPDATE applications SET status = 'accepted' WHERE id = '\(id)'",
                "UPDATE applications SET decided_at = now() - interval '3 years' WHERE id = '\(id)'"
            )
            // With no onboarding template the volunteer is active at once; the
            // move back, which the triggers refuse, is made with them off.
            if status == .onboarding {
                try await test.superuser(
                    "SET session_replication_role = replica",
                    "UPDATE volunteers SET status = 'onboarding' WHERE application_id = '\(id)'"
                )
            }
            if status == .paused {
                try await test.superuser("UPDATE volunteers SET status = 'paused' WHERE application_id = '\(id)'")
            }
        case .alumni(let days):
            try await test.superuser(
                "UPDATE applications SET status = 'accepted' WHERE id = '\(id)'",
                "UPDATE applications SET decided_at = now() - interval '3 years' WHERE id = '\(id)'",
                "UPDATE volunteers SET status = 'alumni' WHERE application_id = '\(id)'",
                "UPDATE volunteers SET left_at = now() - interval '\(days) days' WHERE application_id = '\(id)'"
            )
        }
        return application.applicantID
    }

    /// Gives `applicant` a second application, to `position`, standing as the superuser's `moves` leave it.
    static func secondApplication(_ test: TestDatabase, applicant: UUID, position: UUID, moves: String...) async throws {
        let id = UUID()
        try await test.superuser(
            statements: ["INSERT INTO applications (id, applicant_id, position_id) VALUES ('\(id)', '\(applicant)', '\(position)')"]
                + moves.map { $0.replacingOccurrences(of: "$ID", with: id.uuidString) }
        )
    }

    static func erased(_ test: TestDatabase) async throws -> Set<UUID> {
        Set(
            try await test.values("SELECT id::text FROM applicants WHERE erasure_reason = 'retention'").compactMap { $0.flatMap(UUID.init) }
        )
    }

    static func retentionEvents(_ test: TestDatabase) async throws -> [UUID] {
        try await test.values(
            "SELECT entity_id::text FROM events WHERE event_type = 'applicant.erased' AND payload->>'reason' = 'retention'"
        ).compactMap { $0.flatMap(UUID.init) }
    }
}
