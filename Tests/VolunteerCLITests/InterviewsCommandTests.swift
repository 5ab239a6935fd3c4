import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// `vtrack interviews …` and `vtrack availability set --me` through the real binary.
@Suite struct InterviewsCommandTests {
    typealias Pipeline = ApplicationsCommandTests.Pipeline

    static func short(_ id: UUID) -> String { ShortID.display(id) }

    /// The pipeline's login as a registered coordinator, and a second one, `bob` (no login).
    static func withCoordinators(_ body: (Pipeline) async throws -> Void) async throws {
        try await ApplicationsCommandTests.withPipeline { pipeline in
            try await pipeline.test.superuser(
                "INSERT INTO coordinators (name) VALUES ('\(pipeline.settings.username)') ON CONFLICT DO NOTHING",
                "INSERT INTO coordinators (name, time_zone) VALUES ('bob', 'America/New_York')",
                """
                INSERT INTO coordinator_windows (coordinator_id, day, start_minute, end_minute)
                SELECT id, 'tue', 0, 1439 FROM coordinators WHERE name = 'bob'
                """)
            try await body(pipeline)
        }
    }

    static func value(_ pipeline: Pipeline, _ sql: String) async throws -> String? {
        try await pipeline.test.values(sql).first.flatMap { $0 }
    }

    @Test func proposeBookListRescheduleAndCancel() async throws {
        try await Self.withCoordinators { pipeline in
            let (first, second) = (Self.short(pipeline.ids[0]), Self.short(pipeline.ids[1]))
            let mine = try await pipeline.vtrack("availability", "set", "--me", "--tz", "Europe/Prague", "--window", "tue 18:00-20:00")
            #expect(mine.status == 0, "\(mine.standardError)")
            let shown = try await pipeline.vtrack("availability", "show", "--me")
            #expect(shown.standardOutput.contains("Europe/Prague") && shown.standardOutput.contains("tue 18:00-20:00"))
            // The applicants are in Kyiv: 19:00-21:00 there is 18:00-20:00 in Prague.
            for person in [first, second] {
                #expect(try await pipeline.vtrack("availability", "set", person, "--window", "tue 19:00-21:00").status == 0)
            }

            let proposal = try #require(
                try await pipeline.json("interviews", "propose", first, "--for", "45m", "--within", "2026-W50", "--tz", "UTC", "--json")
                    as? [String: Any])
            let times = try #require(proposal["times"] as? [[String: Any]])
            #expect(times.count == 6, "18:00 to 19:15, every 15 minutes")
            #expect(times.first?["coordinator_local"] as? String == "Tue 2026-12-08 18:00")
            #expect(times.first?["applicant_local"] as? String == "Tue 2026-12-08 19:00")
            #expect(times.first?["organisation_local"] as? String == "Tue 2026-12-08 17:00")
            let table = try await pipeline.vtrack("interviews", "propose", first, "--for", "45m", "--within", "2026-W50")
            #expect(
                table.standardOutput.contains("COORDINATOR (Europe/Prague)") && table.standardOutput.contains("APPLICANT (Europe/Kyiv)"))

            #expect(try await pipeline.vtrack("applications", "move", first, "screening").status == 0)
            let booked = try await pipeline.vtrack(
                "interviews", "book", first, "--at", "2026-12-08T18:00", "--tz", "Europe/Prague", "--for", "45m")
            #expect(booked.status == 0, "\(booked.standardError)")
            #expect(booked.standardOutput.contains("Tue 2026-12-08 19:00 Europe/Kyiv for the applicant"))
            #expect(try await Self.value(pipeline, "SELECT status::text FROM applications WHERE id = '\(pipeline.ids[0])'") == "interview")

            let after = try #require(
                try await pipeline.json("interviews", "propose", first, "--for", "45m", "--within", "2026-W50", "--json")
                    as? [String: Any])
            #expect((after["times"] as? [[String: Any]])?.count == 3, "the booked 45 minutes are taken")

            // The coordinator, then the applicant, already booked.
            let busy = try await pipeline.vtrack(
                "interviews", "book", second, "--at", "2026-12-08T18:30", "--tz", "Europe/Prague", "--for", "45m")
            #expect(busy.status != 0 && busy.standardError.contains("already has an interview at that time"), "\(busy.standardError)")
            let applicantBusy = try await pipeline.vtrack(
                "interviews", "book", first, "--at", "2026-12-08T12:00", "--tz", "America/New_York", "--for", "30m", "--with", "bob")
            #expect(applicantBusy.status != 0)
            #expect(applicantBusy.standardError.contains("the applicant already has an interview"), "\(applicantBusy.standardError)")

            // Local times the clocks skip or pass twice.
            let gap = try await pipeline.vtrack(
                "interviews", "book", second, "--at", "2026-03-29T02:30", "--tz", "Europe/Prague", "--for", "30m")
            #expect(gap.status == 65 && gap.standardError.contains("does not exist in Europe/Prague"), "\(gap.standardError)")
            let twice = try await pipeline.vtrack(
                "interviews", "book", second, "--at", "2026-10-25T02:30", "--tz", "Europe/Prague", "--for", "30m")
            #expect(twice.status == 65 && twice.standardError.contains("--occurrence"), "\(twice.standardError)")

            let listed = try #require(try await pipeline.json("interviews", "list", "--json") as? [[String: Any]])
            #expect(listed.count == 1 && listed.first?["status"] as? String == "scheduled")
            let id = Self.short(UUID(uuidString: try #require(listed.first?["id"] as? String))!)
            let csv = try await pipeline.vtrack("interviews", "list", "--mine", "--week", "2026-W50", "--format", "csv")
            #expect(csv.standardOutput.split(whereSeparator: \.isNewline).count == 2, "a header and the one interview")
            #expect(try await pipeline.vtrack("interviews", "list", "--week", "2026-W51").standardOutput.contains("No interviews."))

            let tokens = try await MessagesCommandTests.tokens(pipeline, for: [pipeline.ids[0]])
            let moved = try await pipeline.vtrack(
                "interviews", "reschedule", id, "--at", "2026-12-08T19:00", "--tz", "Europe/Prague", "--for", "45m", "--notify")
            #expect(moved.status == 0, "\(moved.standardError)")
            #expect(moved.standardError.contains("the applicant was told in their inbox, the time in Europe/Kyiv"))
            // In the applicant's language (they applied in Ukrainian) and zone: 19:00 in Prague is 20:00 in Kyiv.
            let sent = try await MessagesCommandTests.read(pipeline, token: tokens[pipeline.ids[0]]!).compactMap(\.text)
            #expect(sent.count == 1)
            #expect(
                sent.first.map {
                    ["Вашу співбесіду перенесено на", "грудня 2026", "20:00", "(Europe/Kyiv)", "(45 хв)"].allSatisfy($0.contains)
                }
                    == true, "\(sent)")
            // The second application has no inbox: nothing is booked, nothing is half-written.
            let untold = try await pipeline.vtrack(
                "interviews", "book", second, "--at", "2026-12-09T18:00", "--tz", "Europe/Prague", "--for", "30m", "--notify")
            #expect(untold.status == 1 && untold.standardError.contains("no inbox for \(second)"), "\(untold.standardError)")
            #expect(untold.standardOutput.isEmpty)
            #expect(try await Self.value(pipeline, "SELECT count(*)::text FROM interviews") == "1")
            #expect(try await Self.value(pipeline, "SELECT status::text FROM applications WHERE id = '\(pipeline.ids[1])'") == "submitted")
            #expect(try await pipeline.vtrack("interviews", "cancel", id, "--template", "x").status == 64, "--template needs --notify")
            #expect(try await pipeline.vtrack("interviews", "cancel", id).status == 0)
            #expect(!(try await pipeline.vtrack("interviews", "list").standardOutput.contains(id)), "cancelled ones only with --cancelled")
            #expect(try await pipeline.vtrack("interviews", "cancel", id).status != 0, "already cancelled")

            let events = try await pipeline.test.values(
                "SELECT event_type FROM events WHERE entity_type = 'interview' ORDER BY seq")
            #expect(events == ["interview.booked", "interview.rescheduled", "interview.cancelled"])
            #expect(
                try await Self.value(
                    pipeline,
                    "SELECT count(*)::text FROM events WHERE entity_type = 'coordinator' AND event_type = 'availability.updated'") == "1")
            let log = try await pipeline.vtrack("audit", "log", "--json")
            #expect(!log.standardOutput.contains("співбесіду"), "the message text is in no event")
        }
    }

    /// The organisation's own wording, with the interview's placeholders,
    /// per language; such a template cannot go out without an interview.
    @Test func notifyWithTheOrganisationsTemplateInTheApplicantsLanguage() async throws {
        try await Self.withCoordinators { pipeline in
            let first = Self.short(pipeline.ids[0])
            let tokens = try await MessagesCommandTests.tokens(pipeline, for: [pipeline.ids[0]])
            #expect(
                try await pipeline.vtrack("availability", "set", "--me", "--tz", "Europe/Prague", "--window", "tue 18:00-20:00").status == 0
            )
            for (language, body) in [
                ("en", "Interview: {{interview_time}}, {{interview_minutes}} min, with {{position}}."),
                ("uk", "Співбесіда: {{interview_time}}, {{interview_minutes}} хв."),
            ] {
                try await MessagesCommandTests.withFile(body) { file in
                    let set = try await pipeline.vtrack(
                        "messages", "template", "set", "interview-invite", "--lang", language, "--file", file.path)
                    #expect(set.status == 0, "\(set.standardError)")
                }
            }
            let booked = try await pipeline.vtrack(
                "interviews", "book", first, "--at", "2026-12-08T18:00", "--tz", "Europe/Prague", "--for", "1h", "--notify", "--template",
                "interview-invite")
            #expect(booked.status == 0, "\(booked.standardError)")
            let sent = try await MessagesCommandTests.read(pipeline, token: tokens[pipeline.ids[0]]!)
            #expect(sent.count == 1)
            #expect(try await Self.value(pipeline, "SELECT template FROM messages") == "interview-invite")
            #expect(
                sent.first?.text.map { $0.hasPrefix("Співбесіда: ") && $0.contains("19:00 (Europe/Kyiv)") && $0.hasSuffix(", 60 хв.") }
                    == true,
                "\(sent)")

            // Outside an interview the placeholders have nothing to fill: refused, nothing sent.
            let plain = try await pipeline.vtrack("messages", "send", first, "--template", "interview-invite")
            #expect(plain.status == 65 && plain.standardError.contains("which only an interview fills"), "\(plain.standardError)")
            // Nor can a status notice be made of it: every move would be refused.
            let notice = try await pipeline.vtrack("messages", "notice", "set", "interview", "--template", "interview-invite")
            #expect(notice.status == 65 && notice.standardError.contains("only an interview fills"), "\(notice.standardError)")
            #expect(try await Self.value(pipeline, "SELECT count(*)::text FROM status_notices") == "0")
            // A template that does not exist refuses the booking too.
            let unknown = try await pipeline.vtrack(
                "interviews", "book", first, "--at", "2026-12-09T18:00", "--tz", "Europe/Prague", "--for", "1h", "--notify", "--template",
                "nowhere")
            #expect(unknown.status == 65 && unknown.standardError.contains("nowhere"), "\(unknown.standardError)")
            #expect(try await Self.value(pipeline, "SELECT count(*)::text FROM interviews") == "1")
            #expect(try await Self.value(pipeline, "SELECT count(*)::text FROM messages") == "1")
        }
    }

    /// `done` and `missed` once an interview has started, one event each; never before, never twice.
    @Test func anInterviewThatHasStartedIsRecordedDoneOrMissed() async throws {
        try await Self.withCoordinators { pipeline in
            let (first, second) = (Self.short(pipeline.ids[0]), Self.short(pipeline.ids[1]))
            #expect(
                try await pipeline.vtrack("availability", "set", "--me", "--tz", "Europe/Prague", "--window", "tue 18:00-20:00").status == 0
            )
            var ids: [String] = []
            for (application, at) in [(first, "2026-11-24T18:00"), (second, "2026-11-25T18:00"), (first, "2031-01-07T18:00")] {
                let booked = try await pipeline.vtrack(
                    "interviews", "book", application, "--at", at, "--tz", "Europe/Prague", "--for", "30m")
                #expect(booked.status == 0, "\(booked.standardError)")
                ids.append(String(booked.standardOutput.split(separator: " ")[1]))
            }
            let done = try await pipeline.vtrack("interviews", "done", ids[0])
            #expect(done.status == 0 && done.standardOutput.contains("interview \(ids[0]) done"), "\(done.standardError)")
            #expect(try await pipeline.vtrack("interviews", "missed", ids[1]).status == 0)
            let early = try await pipeline.vtrack("interviews", "done", ids[2])
            #expect(early.status == 1 && early.standardError.contains("has not started yet"), "\(early.standardError)")
            let twice = try await pipeline.vtrack("interviews", "missed", ids[0])
            #expect(twice.status == 1 && twice.standardError.contains("is done"), "\(twice.standardError)")

            let listed = try #require(try await pipeline.json("interviews", "list", "--json") as? [[String: Any]])
            #expect(listed.map { $0["status"] as? String } == ["done", "missed", "scheduled"])
            let events = try await pipeline.test.values(
                "SELECT event_type || ' ' || from_state || '>' || to_state FROM events WHERE entity_type = 'interview' AND event_type NOT LIKE '%booked' ORDER BY seq"
            )
            #expect(events == ["interview.done scheduled>done", "interview.missed scheduled>missed"])
            // By hand, the outcome is the function's to write.
            try await Database.withDatabase(pipeline.settings, logger: TestEnvironment.logger) { database in
                for sql in [
                    "UPDATE interviews SET status = 'done'",
                    "SELECT record_interview_outcome(id, 'postponed') FROM interviews WHERE status = 'scheduled'",
                ] {
                    await #expect(throws: PSQLError.self, "\(sql)") {
                        try await database.client.query(PostgresQuery(unsafeSQL: sql), logger: TestEnvironment.logger).collect()
                    }
                }
            }
        }
    }

    /// As an insider with psql: the tables are read-only, another's windows
    /// out of reach, and the exclusion constraint holds for SQL sent by hand.
    @Test func theDatabaseHoldsAgainstHandWrittenSQL() async throws {
        try await Self.withCoordinators { pipeline in
            let application = pipeline.ids[2]
            let refused = [
                "INSERT INTO coordinator_windows (coordinator_id, day, start_minute, end_minute) SELECT id, 'mon', 0, 60 FROM coordinators WHERE name = 'bob'",
                "UPDATE coordinators SET time_zone = 'UTC' WHERE name = 'bob'",
                "DELETE FROM coordinator_windows",
                "INSERT INTO interviews (application_id, applicant_id, coordinator_id, starts_at, ends_at) SELECT a.id, a.applicant_id, c.id, now(), now() + interval '1 hour' FROM applications a, coordinators c LIMIT 1",
                "UPDATE interviews SET status = 'cancelled'",
            ]
            try await Database.withDatabase(pipeline.settings, logger: TestEnvironment.logger) { database in
                let connection = database.client
                for sql in refused {
                    await #expect(throws: PSQLError.self, "\(sql)") {
                        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestEnvironment.logger).collect()
                    }
                }
                _ = try await connection.query(
                    "SELECT set_my_availability('Europe/Prague', '[{\"day\":\"wed\",\"start_minute\":600,\"end_minute\":660}]', '[]')",
                    logger: TestEnvironment.logger
                ).collect()
                _ = try await connection.query(
                    "SELECT book_interview(\(application), 'bob', '2026-12-08T17:00Z', 60)", logger: TestEnvironment.logger
                ).collect()
                do {
                    _ = try await connection.query(
                        "SELECT book_interview(\(application), 'bob', '2026-12-08T17:30Z', 30)", logger: TestEnvironment.logger
                    ).collect()
                    Issue.record("a double booking went through")
                } catch let error as PSQLError {
                    #expect(error.serverInfo?[.sqlState] == "23P01")
                }
            }
            #expect(try await Self.value(pipeline, "SELECT count(*)::text FROM coordinator_windows WHERE day = 'mon'") == "0")
            #expect(try await Self.value(pipeline, "SELECT time_zone FROM coordinators WHERE name = 'bob'") == "America/New_York")
            #expect(
                try await Self.value(pipeline, "SELECT time_zone FROM coordinators WHERE name = '\(pipeline.settings.username)'")
                    == "Europe/Prague", "set_my_availability set the caller's own")
            #expect(try await Self.value(pipeline, "SELECT count(*)::text FROM interviews") == "1")
        }
    }
}
