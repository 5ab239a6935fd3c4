import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// What ranking keeps on each applicant's row (0020_rank_facts.sql) follows
/// every write of their windows and skills, whoever makes it, and erasure
/// leaves nothing of it.
@Suite struct RankFactsTests {
    static func facts(_ test: TestDatabase, _ applicant: UUID) async throws -> [String?] {
        try await test.values(
            """
            SELECT window_minutes || ' ' || skills::text || ' ' || language_prefixes::text
            FROM applicants WHERE id = '\(applicant)'
            """)
    }

    static func window(_ text: String) -> WeeklyWindow {
        let parts = text.split(separator: " ")
        let times = parts[1].split(separator: "-")
        return WeeklyWindow(
            day: Weekday(rawValue: String(parts[0]))!, start: TimeOfDay(String(times[0]))!, end: TimeOfDay(String(times[1]))!)
    }

    @Test func theFactsFollowIntakeAvailabilityAndAnySQLAndErasureEmptiesThem() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                _ = try await Fixtures.openPosition(database, openings: 5)
                let first = try await Fixtures.application(database).applicantID
                let second = try await Fixtures.application(database).applicantID
                // Intake: the skill given, no windows, the tags' prefixes.
                #expect(try await Self.facts(test, first) == ["0 {editing} {uk}"])

                let availability = AvailabilityRepository(database: database)
                try await availability.set(
                    Availability(
                        hoursPerWeek: 4, windows: [Self.window("mon 09:00-12:00"), Self.window("thu 23:00-01:00")], blackouts: []),
                    for: PersonReference(applicantID: first))
                #expect(try await Self.facts(test, first) == ["300 {editing} {uk}"])
                try await availability.set(
                    Availability(hoursPerWeek: nil, windows: [Self.window("fri 10:00-11:30")], blackouts: []),
                    for: PersonReference(applicantID: second))

                // Raw SQL of the owner's, several applicants in one statement: recomputed, not adjusted.
                try await test.superuser(
                    "INSERT INTO skills (slug, label) VALUES ('translation', 'Translation')",
                    "UPDATE availability_windows SET end_minute = end_minute + 30 WHERE applicant_id IN ('\(first)', '\(second)')",
                    "INSERT INTO applicant_skills (applicant_id, skill) VALUES ('\(second)', 'translation')",
                    "DELETE FROM applicant_skills WHERE applicant_id = '\(first)'")
                #expect(try await Self.facts(test, first) == ["360 {} {uk}"])
                #expect(try await Self.facts(test, second) == ["120 {editing,translation} {uk}"])

                try await availability.set(
                    Availability(hoursPerWeek: nil, windows: [], blackouts: []), for: PersonReference(applicantID: first))
                #expect(try await Self.facts(test, first) == ["0 {} {uk}"])

                #expect(try await ApplicantErasure(database: database).erase(second, reason: .request) == .erased)
                #expect(try await Self.facts(test, second) == ["0 {} {}"])
            }
        }
    }

    /// Intake writes skills and windows in the statement that creates the
    /// applicant; both tables' triggers fire, and the applicant's row is
    /// updated once (the second finds the facts current).
    @Test func intakeUpdatesTheNewApplicantsRowOnce() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.superuser(
                script: """
                    INSERT INTO skills (slug, label) VALUES ('editing', 'Editing');
                    INSERT INTO positions (slug, title, team) VALUES ('p', 'P', 'T');
                    UPDATE positions SET status = 'open';
                    """)
            let (updated, facts) = try await test.withDatabase { database in
                try await database.withTransaction { connection in
                    try await connection.query(
                        """
                        WITH a AS (INSERT INTO applicants (id, languages, time_zone)
                                   VALUES ('d0000001-0000-4000-8000-000000000000', '{en-GB}', 'UTC') RETURNING id),
                             s AS (INSERT INTO applicant_skills SELECT id, 'editing' FROM a),
                             w AS (INSERT INTO availability_windows SELECT id, 'mon', 60, 180 FROM a)
                        INSERT INTO applications (applicant_id, position_id) SELECT a.id, p.id FROM a, positions p
                        """, logger: TestEnvironment.logger)
                    let rows = try await connection.query(
                        """
                        SELECT pg_stat_get_xact_tuples_updated('applicants'::regclass)::int,
                               (SELECT window_minutes || ' ' || skills::text || ' ' || language_prefixes::text FROM applicants)
                        """, logger: TestEnvironment.logger
                    ).collect()
                    return try rows[0].decode((Int, String).self)
                }
            }
            #expect(facts == "120 {editing} {en,en-gb}")
            #expect(updated == 1)
        }
    }

    /// The prefixes say what `language_answers` says, pair by pair: a
    /// position's tag is answered exactly when it is among the prefixes.
    @Test func thePrefixesAnswerAsLanguageAnswersDoes() async throws {
        try await TestDatabase.withMigrated { test in
            #expect(
                try await test.values("SELECT language_tag_prefixes('{en-GB,zh-Hant-TW,UK}')::text")
                    == ["{en,en-gb,uk,zh,zh-hant,zh-hant-tw}"])
            let tags = "'{en,EN-gb,en-US,eng,uk,ru,zh,zh-Hant,zh-Hans,zh-Hant-TW,sr-Latn}'::text[]"
            let disagreements = try await test.values(
                """
                SELECT w || ' ' || o FROM unnest(\(tags)) AS w, unnest(\(tags)) AS o
                WHERE language_answers(w, o) IS DISTINCT FROM (lower(w) = ANY (language_tag_prefixes(ARRAY[o])))
                """)
            #expect(disagreements.isEmpty)
            #expect(try await test.values("SELECT language_tag_prefixes('{}')::text") == ["{}"])
        }
    }
}
