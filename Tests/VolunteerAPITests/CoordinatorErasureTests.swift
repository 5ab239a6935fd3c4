import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// A coordinator's erasure (`erase_applicant`), of an applicant who applied
/// through the API with availability, and about whom a note was written.
@Suite struct CoordinatorErasureTests {
    @Test func aCoordinatorsErasureLeavesNothingPersonalAndTheTokenOpensNothing() async throws {
        try await APITestServer.with { server in
            let token = try await SelfServiceTests.apply(server)
            let applicationIDs = try await server.test.values("SELECT id::text FROM applications")
            let application = try #require(UUID(uuidString: applicationIDs.first.flatMap { $0 } ?? ""))
            let alice = server.alice
            let applicant = try await server.asCoordinator { database in
                try await PersonalDataRepository(database: database, key: alice).addNote(
                    "Asked to be erased.", aboutApplication: application)
                return try await ApplicationRepository(database: database).find(id: application).applicantID
            }
            let (windows, skills) = (try await server.count("availability_windows"), try await server.count("applicant_skills"))
            #expect(windows == 2 && skills == 1)

            let outcome = try await server.asCoordinator { try await ApplicantErasure(database: $0).erase(applicant, reason: .request) }
            #expect(outcome == .erased)
            #expect(try await server.send(.get, "/v1/applications/me", token: token).status == .notFound)
            for table in [
                "applicant_personal_data", "applicant_notes", "applicant_keys", "applicant_data_keys", "availability_windows",
                "availability_blackouts", "applicant_skills", "application_tokens",
            ] {
                #expect(try await server.count(table) == 0, "\(table)")
            }
            #expect(
                try await server.test.values(
                    """
                    SELECT (languages = '{}' AND time_zone IS NULL AND hours_per_week IS NULL AND email_index IS NULL
                            AND erased_at IS NOT NULL AND erasure_reason = 'request' AND privacy_policy_version = '2026-01')::text
                    FROM applicants
                    """) == ["true"], "consent stays: the notice accepted is a record, not personal data")
            #expect(try await server.test.values("SELECT status::text FROM applications") == ["withdrawn"])
            let erasures = try await server.test.values(
                "SELECT actor || ' ' || (payload->>'reason') FROM events WHERE event_type = 'applicant.erased'")
            #expect(erasures == ["\(server.coordinator.username) request"])

            let again = try await server.asCoordinator { try await ApplicantErasure(database: $0).erase(applicant, reason: .other) }
            guard case .alreadyErased(_, let reason) = again else {
                Issue.record("a second erasure is told apart: \(again)")
                return
            }
            #expect(reason == "request")
            await #expect(throws: DomainError.notFound(entity: "applicant", id: "ffffffff-ffff-4fff-bfff-ffffffffffff")) {
                try await server.asCoordinator {
                    try await ApplicantErasure(database: $0).erase(
                        UUID(uuidString: "ffffffff-ffff-4fff-bfff-ffffffffffff")!, reason: .other)
                }
            }
            try await server.asCoordinator { database in
                try await EventSealing.sealAll(database)
                let verification = try await EventChainVerifier(database: database).verify()
                #expect(verification.isIntact && verification.unsealed == 0)
            }
        }
    }
}
