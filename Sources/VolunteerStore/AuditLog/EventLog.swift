import Foundation
import PostgresNIO
import VolunteerCore

/// Reads the audit log.
public struct EventLog: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Filter: Sendable {
        public var entityType: String?
        public var entityID: UUID?
        public var since: Date?
        public var actor: String?
        /// The most recent `limit` events, after skipping the `offset` most recent.
        public var limit: Int
        public var offset: Int

        public init(
            entityType: String? = nil, entityID: UUID? = nil, since: Date? = nil, actor: String? = nil, limit: Int = 100, offset: Int = 0
        ) {
            self.entityType = entityType
            self.entityID = entityID
            self.since = since
            self.actor = actor
            self.limit = limit
            self.offset = offset
        }
    }

    /// Events matching `filter`, oldest first.
    public func list(_ filter: Filter) async throws -> [AuditEvent] {
        let rows = try await database.client.query(
            """
            SELECT seq, occurred_at, actor, entity_type, entity_id, event_type, from_state, to_state, payload::text
            FROM (
                SELECT * FROM events
                WHERE (\(filter.entityType)::text IS NULL OR entity_type = \(filter.entityType))
                  AND (\(filter.entityID)::uuid IS NULL OR entity_id = \(filter.entityID))
                  AND (\(filter.since)::timestamptz IS NULL OR occurred_at >= \(filter.since))
                  AND (\(filter.actor)::text IS NULL OR actor = \(filter.actor))
                ORDER BY seq DESC LIMIT \(filter.limit) OFFSET \(filter.offset)
            ) latest
            ORDER BY seq
            """,
            logger: database.logger
        )
        var events: [AuditEvent] = []
        for try await (seq, occurredAt, actor, entityType, entityID, eventType, from, to, payload) in rows.decode(
            (Int64, Date, String, String, UUID, String, String?, String?, String).self
        ) {
            events.append(
                AuditEvent(
                    sequence: seq, occurredAt: occurredAt, actor: actor, entityType: entityType, entityID: entityID,
                    eventType: eventType, fromState: from, toState: to, payload: payload
                ))
        }
        return events
    }
}

public struct AuditEvent: Sendable, Equatable {
    public let sequence: Int64
    public let occurredAt: Date
    public let actor: String
    public let entityType: String
    public let entityID: UUID
    public let eventType: String
    public let fromState: String?
    public let toState: String?
    /// The JSON payload as stored: ids, states and codes only.
    public let payload: String
}
