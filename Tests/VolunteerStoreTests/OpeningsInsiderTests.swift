import Foundation
import PostgresNIO
import Testing
import VolunteerStore
import VolunteerTestSupport

/// The pause when a position's last opening fills is the database's: it
/// holds for an insider with `psql` and a coordinator's grants, whose own
/// statements can never be written down as `system`.
@Suite struct OpeningsInsiderTests {
    static let fixture = """
        INSERT INTO positions (slug, title, team, openings) VALUES ('editor', 'Editor', 'Ed', 2);
        UPDATE positions SET status = 'open';
        WITH a AS (INSERT INTO applicants (id, languages, time_zone) VALUES
            ('c0000001-0000-4000-8000-000000000000', '{en}', 'UTC'),
            ('c0000002-0000-4000-8000-000000000000', '{en}', 'UTC'),
            ('c0000003-0000-4000-8000-000000000000', '{en}', 'UTC') RETURNING id)
        INSERT INTO applications (id, applicant_id, position_id) SELECT a.id, a.id, p.id FROM a, positions p;
        """

    @Test func anInsiderAcceptingWithPsqlStillPausesTheFullPositionAsSystemAndCannotBeSystem() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.superuser(script: Self.fixture)
            let login = try await HostileInsiderTests.asRole(test, in: "vtrack_coordinator") { connection, login in
                let run = { (sql: String) in try await HostileInsiderTests.run(connection, sql) }
                // Claiming to be the system is ignored; writing its mark is refused.
                _ = try await run("SET vtrack.actor = 'system'")
                await HostileInsiderTests.expectRefused(connection, "INSERT INTO system_acts VALUES (pg_current_xact_id())", "42501")
                await HostileInsiderTests.expectRefused(connection, "UPDATE positions SET paused_full = true", "42501")
                await HostileInsiderTests.expectRefused(
                    connection,
                    "INSERT INTO events (entity_type, entity_id, event_type, actor) VALUES ('position', gen_random_uuid(), 'x', 'system')",
                    "42501")
                // Both acceptances in one statement: the pause sees them both.
                _ = try await run(
                    """
                    UPDATE applications SET status = 'accepted'
                    WHERE id IN ('c0000001-0000-4000-8000-000000000000', 'c0000002-0000-4000-8000-000000000000')
                    """)
                let state = try await run("SELECT status::text, position_filled(id) FROM positions")[0].decode((String, Int).self)
                #expect(state == ("paused", 2))
                // Reopening without room is refused.
                await HostileInsiderTests.expectRefused(connection, "UPDATE positions SET status = 'open'", "VT018")
                return login
            }
            let events = try await test.values(
                """
                SELECT actor || ' ' || event_type || ' ' || coalesce(to_state, '') FROM events
                WHERE event_type IN ('position.status_changed', 'application.status_changed') AND to_state <> 'open' ORDER BY seq
                """)
            // The pause follows the first row's triggers, which already count both.
            #expect(
                events.compactMap { $0 }.sorted()
                    == [
                        "\(login) application.status_changed accepted",
                        "\(login) application.status_changed accepted", "system position.status_changed paused",
                    ].sorted())
            #expect(try await test.values("SELECT count(*)::text FROM system_acts") == ["0"])
        }
    }

    @Test func languageTagsMatchByWholeSubtagPrefixes() async throws {
        try await TestDatabase.withMigrated { test in
            let answers = try await test.values(
                """
                SELECT string_agg(language_answers(w, o)::text, ' ' ORDER BY k)
                FROM (VALUES (1, 'en', 'en-GB'), (2, 'en', 'en'), (3, 'en', 'eng'), (4, 'ru', 'uk'), (5, 'en-GB', 'en'),
                             (6, 'zh-Hant', 'zh-Hant-TW'), (7, 'zh-Hant', 'zh-Hans'), (8, 'zh', 'zh-Hant'), (9, 'EN', 'en-gb'))
                     AS t (k, w, o)
                """)
            #expect(answers == ["true true false false false true false true true"])
        }
    }
}
