import Foundation
import PostgresNIO
import VolunteerStore

/// Sealing the audit chain in tests, which share one cluster. Sealing takes
/// only events older than the oldest transaction running anywhere in the
/// cluster: how long other tests hold that back is theirs, what is sealed
/// then is not. So tests wait for the horizon instead of retrying a seal.
public enum EventSealing {
    /// Waits until every event of `database` is below the sealing horizon.
    /// No deadline of its own: the suite's bound (`VTRACK_TEST_TIMEOUT`) is it.
    public static func waitUntilSealable(_ database: Database) async throws {
        while try await database.client.query(
            "SELECT coalesce(max(tx) < pg_snapshot_xmin(pg_current_snapshot()), true) FROM events", logger: database.logger
        ).collect().first?.decode(Bool.self) != true {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The same, as the superuser of `test`: before a binary seals it.
    public static func waitUntilSealable(_ test: TestDatabase) async throws {
        try await test.withDatabase { try await waitUntilSealable($0) }
    }

    /// Seals every event of `database` once it is sealable and returns how
    /// many this call sealed. Another sealer (a server's) may take turns.
    /// Small batches by default, so that every use crosses batch boundaries.
    @discardableResult
    public static func sealAll(_ database: Database, batchSize: Int = 7) async throws -> Int {
        let sealer = EventChainSealer(database: database)
        var total = 0
        while true {
            try await waitUntilSealable(database)
            total += try await sealer.sealAll(batchSize: batchSize)
            if try await unsealed(database) == 0 { return total }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func unsealed(_ database: Database) async throws -> Int {
        try await database.client.query(
            "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_chain c WHERE c.seq = e.seq)",
            logger: database.logger
        ).collect().first?.decode(Int.self) ?? 0
    }
}
