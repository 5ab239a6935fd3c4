import Foundation
import PostgresNIO
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct EventChainTests {
    /// `count` events, through a change a coordinator may make (only the
    /// database writes events): new skills.
    static func appendEvents(_ database: Database, count: Int) async throws {
        try await database.client.query(
            """
            INSERT INTO skills (slug, label)
            SELECT 's' || replace(gen_random_uuid()::text, '-', ''), 'Skill ' || n
            FROM generate_series(1, \(count)) AS n
            """,
            logger: database.logger
        )
    }

    static func sealedChain(_ test: TestDatabase, events: Int) async throws {
        try await test.withDatabase { database in
            try await appendEvents(database, count: events)
            #expect(try await EventSealing.sealAll(database) == events)
        }
    }

    static func verify(_ test: TestDatabase) async throws -> ChainVerification {
        try await test.withDatabase { try await EventChainVerifier(database: $0).verify() }
    }

    @Test func sealsAndVerifiesAsACoordinator() async throws {
        try await TestDatabase.withMigrated { test in
            try await Fixtures.asCoordinator(test) { database, _ in
                let empty = try await EventChainVerifier(database: database).verify()
                #expect(empty.isIntact && empty.verified == 0 && empty.head == nil && empty.unsealed == 0)
                try await Self.appendEvents(database, count: 25)
                let before = try await EventChainVerifier(database: database).verify()
                #expect(before.isIntact && before.verified == 0 && before.unsealed == 25)

                #expect(try await EventSealing.sealAll(database, batchSize: 10) == 25)
                #expect(try await EventChainSealer(database: database).sealAll() == 0, "a re-run seals nothing")
                try await Self.appendEvents(database, count: 3)
                let after = try await EventChainVerifier(database: database).verify()
                #expect(after.isIntact)
                #expect(after.verified == 25)
                #expect(after.unsealed == 3)
                #expect(after.head?.sequence == 25)
                #expect(after.head?.hash.count == 32)
            }
        }
    }

    @Test func anEventThatCommitsLateIsSealedInItsPlace() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withDatabase { database in
                let sealer = EventChainSealer(database: database)
                try await database.client.withConnection { slow in
                    try await slow.query("BEGIN", logger: database.logger)
                    try await slow.query(
                        "INSERT INTO events (entity_type, entity_id, event_type) VALUES ('position', gen_random_uuid(), 'position.created')",
                        logger: database.logger
                    )
                    try await Self.appendEvents(database, count: 2)
                    #expect(try await sealer.sealAll() == 0, "nothing is sealed above a running transaction")
                    try await slow.query("COMMIT", logger: database.logger)
                }
                #expect(try await EventSealing.sealAll(database) == 3)
                let order = try await test.values("SELECT e.event_type FROM event_chain c JOIN events e USING (seq) ORDER BY c.position")
                #expect(order == ["position.created", "skill.added", "skill.added"])
                #expect(try await EventChainVerifier(database: database).verify().isIntact)
            }
        }
    }

    @Test func concurrentSealersShareTheWork() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withDatabase {
                try await Self.appendEvents($0, count: 5_000)
                try await EventSealing.waitUntilSealable($0)
            }
            let sealed = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await test.withDatabase { database in
                            var total = 0
                            let sealer = EventChainSealer(database: database)
                            // Everything is sealable: the sealers only take turns.
                            while true {
                                total += try await sealer.sealBatch(limit: 500) ?? 0
                                let left = try await database.client.query(
                                    "SELECT count(*) FROM events WHERE seq NOT IN (SELECT seq FROM event_chain)", logger: database.logger
                                ).collect().first?.decode(Int.self)
                                if left == 0 { break }
                            }
                            return total
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(sealed == 5_000)
            let result = try await Self.verify(test)
            #expect(result.isIntact && result.verified == 5_000)
        }
    }

    @Test(arguments: [
        ("a flipped byte in the actor", "UPDATE events SET actor = 'mallory' WHERE seq = 6"),
        ("a changed payload", #"UPDATE events SET payload = '{"version": 99}' WHERE seq = 6"#),
        ("a changed state", "UPDATE events SET to_state = 'accepted' WHERE seq = 6"),
        ("a changed time", "UPDATE events SET occurred_at = occurred_at - interval '1 microsecond' WHERE seq = 6"),
        ("a deleted row", "DELETE FROM events WHERE seq = 6"),
    ])
    func findsTamperingAndNamesTheEvent(_ kind: String, tampering: String) async throws {
        try await TestDatabase.withMigrated { test in
            try await Self.sealedChain(test, events: 10)
            // Only a superuser can switch the guards off, as an attacker with the server's disk might.
            try await test.superuser("SET session_replication_role = replica", tampering)
            let result = try await Self.verify(test)
            #expect(result.problem?.sequence == 6, "\(kind): \(String(describing: result.problem))")
            #expect(result.verified == 5)
        }
    }

    @Test func findsAnEventSlippedInUnderTheHead() async throws {
        try await TestDatabase.withMigrated { test in
            try await Self.sealedChain(test, events: 10)
            try await test.superuser(
                "SET session_replication_role = replica",
                """
                INSERT INTO events (seq, tx, actor, entity_type, entity_id, event_type)
                OVERRIDING SYSTEM VALUE
                SELECT 1000, (tx::text::bigint - 1)::text::xid8, actor, entity_type, entity_id, event_type
                FROM events WHERE seq = 3
                """
            )
            let result = try await Self.verify(test)
            #expect(result.problem?.sequence == 1000)
            #expect(result.problem?.reason.contains("not in the chain") == true)
        }
    }

    @Test func findsReorderedEvents() async throws {
        try await TestDatabase.withMigrated { test in
            try await Self.sealedChain(test, events: 10)
            try await test.superuser(
                "SET session_replication_role = replica",
                "UPDATE event_chain SET seq = -4 WHERE seq = 4",
                "UPDATE event_chain SET seq = 4 WHERE seq = 7",
                "UPDATE event_chain SET seq = 7 WHERE seq = -4"
            )
            let result = try await Self.verify(test)
            #expect(result.problem?.sequence == 7)
            #expect(result.verified == 3)
        }
    }

    @Test func theLogRefusesRewritesEvenFromItsOwner() async throws {
        try await TestDatabase.withMigrated { test in
            try await Self.sealedChain(test, events: 3)
            for (table, column) in [("events", "actor"), ("event_chain", "sealed_at")] {
                for statement in ["UPDATE \(table) SET \(column) = \(column)", "DELETE FROM \(table)", "TRUNCATE \(table) CASCADE"] {
                    let error = await #expect(throws: PSQLError.self) { try await test.superuser(statement) }
                    #expect(error?.serverInfo?[.sqlState] == "VT003", "\(statement)")
                }
            }
            #expect(try await test.values("SELECT count(*)::text FROM events") == ["3"])
        }
    }

    @Test func coordinatorsHaveNoRightToRewriteTheLog() async throws {
        try await TestDatabase.withMigrated { test in
            try await Self.sealedChain(test, events: 3)
            try await Fixtures.asCoordinator(test) { database, _ in
                for (table, column) in [("events", "actor"), ("event_chain", "sealed_at")] {
                    for statement in ["UPDATE \(table) SET \(column) = \(column)", "DELETE FROM \(table)", "TRUNCATE \(table)"] {
                        let error = await #expect(throws: PSQLError.self) {
                            try await database.client.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
                        }
                        #expect(error?.serverInfo?[.sqlState] == "42501", "\(statement)")
                    }
                }
            }
            #expect(try await Self.verify(test).isIntact)
        }
    }

    /// A walk split in two (as a long one is) finds what one walk finds, on
    /// either side of the cut and across it, from the start or from an anchor.
    @Test(arguments: [nil, 4] as [Int64?])
    func aWalkInTwoHalvesChecksWhatOneWalkChecks(anchorPosition: Int64?) async throws {
        try await TestDatabase.withMigrated { test in
            try await Self.sealedChain(test, events: 12)
            let anchor = try await test.withDatabase { database -> ChainAnchor? in
                guard let anchorPosition else { return nil }
                let row = try await database.client.query(
                    "SELECT seq, hash FROM event_chain WHERE position = \(anchorPosition)", logger: database.logger
                ).collect().first
                let (sequence, hash) = try #require(row).decode((Int64, ByteBuffer).self)
                return ChainAnchor(position: anchorPosition, sequence: sequence, hash: Array(hash.readableBytesView))
            }
            func verify() async throws -> ChainVerification {
                try await test.withDatabase { try await EventChainVerifier(database: $0, stretch: 3).verify(from: anchor) }
            }
            let intact = try await verify()
            #expect(intact.isIntact)
            #expect(intact.verified == 12 - Int(anchorPosition ?? 1) + 1)
            #expect(intact.head?.position == 12)
            for sequence in [11, 5] {
                try await test.superuser(
                    "SET session_replication_role = replica",
                    "UPDATE events SET actor = 'mallory' WHERE seq = \(sequence)"
                )
                let broken = try await verify()
                #expect(broken.problem?.sequence == Int64(sequence), "the first bad event, whichever half it is in")
            }
        }
    }

    /// An error in the second half of a split walk, on a connection of its
    /// own, rolls that connection's transaction back before the pool has it
    /// again: no connection is left inside a transaction.
    @Test func aWalkThatFailsHalfWayLeavesNoConnectionInATransaction() async throws {
        try await TestDatabase.withMigrated { test in
            try await Self.sealedChain(test, events: 10)
            // The link the second half starts from cannot be read (a NULL hash, which only
            // a superuser with the guards off could write): the first half reports the link
            // as not matching, the second throws inside its transaction.
            try await test.superuser(
                "ALTER TABLE event_chain ALTER COLUMN hash DROP NOT NULL",
                "SET session_replication_role = replica",
                "UPDATE event_chain SET hash = NULL WHERE position = 5"
            )
            try await test.withDatabase { database in
                await #expect(throws: (any Error).self) { try await EventChainVerifier(database: database, stretch: 2).verify() }
                let states = try await test.values(
                    """
                    SELECT state FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                    """
                )
                #expect(states.count >= 2, "both halves' connections are still in the pool")
                #expect(states.allSatisfy { $0 == "idle" }, "\(states)")
            }
        }
    }
}
