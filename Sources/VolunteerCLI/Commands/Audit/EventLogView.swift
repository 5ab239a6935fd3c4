import Foundation
import VolunteerCore
import VolunteerStore

enum EventLogView {
    struct Row: Encodable {
        let sequence: Int64
        let occurredAt: Date
        let actor: String
        let entityType: String
        let entityId: UUID
        let eventType: String
        let fromState: String?
        let toState: String?
        let payload: [String: JSONValue]

        enum CodingKeys: String, CodingKey {
            case sequence, occurredAt, actor, entityType, entityId, eventType, fromState, toState, payload
        }

        /// Every key always present (null when empty), so scripts can rely on the shape.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sequence, forKey: .sequence)
            try container.encode(occurredAt, forKey: .occurredAt)
            try container.encode(actor, forKey: .actor)
            try container.encode(entityType, forKey: .entityType)
            try container.encode(entityId, forKey: .entityId)
            try container.encode(eventType, forKey: .eventType)
            try container.encode(fromState, forKey: .fromState)
            try container.encode(toState, forKey: .toState)
            try container.encode(payload, forKey: .payload)
        }
    }

    /// The stored JSON object as it is: strictly read, every number as written.
    static func payload(_ text: String) -> [String: JSONValue] {
        guard case .object(let payload)? = try? JSONParser.parse(Array(text.utf8)) else { return [:] }
        return payload
    }

    /// `audit log` and `history`, in the format asked for.
    static func write(_ events: [AuditEvent], _ format: OutputFormat) throws {
        try ListOutput.write(
            format, json: { try render(events, json: true) }, csvHeader: csvHeader, csvRows: { csvRows(events) },
            table: { try render(events, json: false) })
    }

    static let csvHeader = [
        "sequence", "occurred_at", "actor", "entity_type", "entity_id", "event_type", "from_state", "to_state", "payload",
    ]

    /// The payload as the stored JSON text.
    static func csvRows(_ events: [AuditEvent]) -> [[String]] {
        events.map {
            [
                String($0.sequence), $0.occurredAt.formatted(.iso8601), $0.actor, $0.entityType, $0.entityID.uuidString.lowercased(),
                $0.eventType, $0.fromState ?? "", $0.toState ?? "", $0.payload,
            ]
        }
    }

    static func render(_ events: [AuditEvent], json: Bool) throws -> String {
        if json {
            return try JSONOutput.render(
                events.map {
                    Row(
                        sequence: $0.sequence, occurredAt: $0.occurredAt, actor: $0.actor, entityType: $0.entityType,
                        entityId: $0.entityID, eventType: $0.eventType, fromState: $0.fromState, toState: $0.toState,
                        payload: Self.payload($0.payload)
                    )
                })
        }
        guard !events.isEmpty else { return "no events" }
        var table = TextTable("SEQ", "TIME (UTC)", "ACTOR", "ENTITY", "EVENT", "CHANGE")
        for event in events {
            let change = [event.fromState, event.toState].compactMap { $0 }.joined(separator: " → ")
            table.append(
                String(event.sequence), event.occurredAt.formatted(.iso8601), event.actor,
                "\(event.entityType):\(event.entityID.uuidString.lowercased().prefix(8))", event.eventType, change
            )
        }
        return table.render()
    }
}
