import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// A database from before migration 0013: the privacy notice versions its
/// applicants named become records, and applicants erased then lose what
/// erasure now takes too.
@Suite struct ErasureUpgradeTests {
    @Test func earlierConsentBecomesRecordsAndEarlierErasuresAreCompleted() async throws {
        try await TestDatabase.withEmpty { test in
            try await OrganisationKeyUpgradeTests.migrate(test, through: 12)
            try await test.superuser(
                script: """
                    SET session_replication_role = replica;
                    INSERT INTO skills (slug, label) VALUES ('editing', 'Editing');
                    INSERT INTO positions (id, slug, title, team) VALUES ('10000000-0000-4000-8000-000000000001', 'editor', 'Editor', 'Editorial');
                    INSERT INTO applicants (id, languages, time_zone, privacy_policy_version, created_at, erased_at) VALUES
                        ('a0000000-0000-4000-8000-000000000001', '{uk,en}', 'Europe/Kyiv', '2025-07', '2025-08-01T10:00Z', NULL),
                        ('a0000000-0000-4000-8000-000000000002', '{ru}', 'Asia/Tbilisi', '2025-07', '2025-09-01T10:00Z', '2025-10-01T10:00Z'),
                        ('a0000000-0000-4000-8000-000000000003', '{en}', 'UTC', '2026-01', '2026-02-01T10:00Z', NULL);
                    INSERT INTO applicant_skills (applicant_id, skill) VALUES
                        ('a0000000-0000-4000-8000-000000000001', 'editing'), ('a0000000-0000-4000-8000-000000000002', 'editing');
                    """)
            try await OrganisationKeyUpgradeTests.migrate(test, through: 13)
            #expect(
                try await test.values(
                    "SELECT version || ' ' || coalesce(url, '-') || ' ' || added_at::date FROM privacy_notices ORDER BY version")
                    == ["2025-07 - 2025-08-01", "2026-01 - 2026-02-01"])
            #expect(
                try await test.values(
                    """
                    SELECT concat_ws(' ', languages, coalesce(time_zone, '-'), coalesce(erasure_reason, '-'),
                                     (SELECT count(*) FROM applicant_skills s WHERE s.applicant_id = a.id), consented_at = created_at)
                    FROM applicants a ORDER BY id
                    """) == ["{uk,en} Europe/Kyiv - 1 t", "{} - applicant 0 t", "{en} UTC - 0 t"])
        }
    }
}
