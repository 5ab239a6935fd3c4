import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read, seal and verify the append-only audit log.",
        discussion: """
            Examples:
              vtrack audit log --since 2026-11-01
              vtrack audit reveals --since 7d
              vtrack audit verify
            """,
        subcommands: [Log.self, Reveals.self, Seal.self, Verify.self]
    )

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List events, oldest first.",
            discussion: """
                Examples:
                  vtrack audit log --entity application:3f2a9c1e-0d4b-4c47-9a51-8b0e6f1d2c3a
                  vtrack audit log --actor alice --since 2026-11-01 --json
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var filter: EventFilterOptions

        func run() async throws {
            try await CLIFailure.run {
                let filter = try filter.filter()
                let events = try await database.withDatabase { try await EventLog(database: $0).list(filter) }
                Terminal.standardOutput.writeLine(try EventLogView.render(events, json: self.filter.json))
            }
        }
    }

    struct Seal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link every committed event into the hash chain now.",
            discussion: """
                The server seals continuously; this is for maintenance and scripts.
                Example:
                  vtrack audit seal
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Events per transaction.") var batchSize = 10_000

        func validate() throws {
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() async throws {
            try await CLIFailure.run {
                let sealed = try await database.withDatabase { try await EventChainSealer(database: $0).sealAll(batchSize: batchSize) }
                Terminal.standardOutput.writeLine("sealed \(sealed) event\(sealed == 1 ? "" : "s")")
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the whole hash chain; exit 65 at the first bad event.",
            discussion: """
                Prints the head hash: keep it outside the database (the weekly report
                publishes it) to detect a rewritten chain later.
                Example:
                  vtrack audit verify --json
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CLIFailure.run {
                let result = try await database.withDatabase { try await EventChainVerifier(database: $0).verify() }
                Terminal.standardOutput.writeLine(try ChainVerificationView.render(result, json: json))
                if let problem = result.problem {
                    Terminal.standardError.writeLine("vtrack: the audit chain is broken at event \(problem.sequence): \(problem.reason)")
                    throw ExitStatus.badInput.exitCode
                }
            }
        }
    }
}

/// `vtrack history TYPE:ID`: the short form of `vtrack audit log --entity`.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the history of one position, application or volunteer.",
        discussion: "Example:\n  vtrack history application:3f2a9c1e-0d4b-4c47-9a51-8b0e6f1d2c3a"
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "TYPE:ID, e.g. application:3f2a9c1e-…") var entity: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await CLIFailure.run {
            let (type, id) = try EventFilterOptions.parseEntity(entity)
            let events = try await database.withDatabase {
                try await EventLog(database: $0).list(.init(entityType: type, entityID: id, limit: 10_000))
            }
            Terminal.standardOutput.writeLine(try EventLogView.render(events, json: json))
        }
    }
}

struct EventFilterOptions: ParsableArguments {
    @Option(help: "Only events of TYPE:ID, e.g. application:3f2a9c1e-….") var entity: String?
    @Option(help: "Only events at or after this date or time (ISO 8601).") var since: String?
    @Option(help: "Only events by this actor (a coordinator's role, applicant:ID or system).") var actor: String?
    @Option(help: "At most this many events, the most recent.") var limit = 100
    @Flag(help: "Print JSON.") var json = false

    func filter() throws -> EventLog.Filter {
        guard limit > 0 else { throw DomainError.invalid(field: "--limit", reason: "must be at least 1") }
        let entity = try self.entity.map(Self.parseEntity)
        return EventLog.Filter(
            entityType: entity?.0, entityID: entity?.1, since: try since.map(Self.parseDate), actor: actor, limit: limit
        )
    }

    static func parseEntity(_ text: String) throws -> (String, UUID) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["position", "application", "volunteer", "applicant"].contains(parts[0]),
              let id = UUID(uuidString: parts[1])
        else {
            throw DomainError.invalid(field: "entity", reason: "expected TYPE:UUID with TYPE one of position, application, volunteer, applicant")
        }
        return (parts[0], id)
    }

    static func parseDate(_ text: String) throws -> Date {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return date }
        throw DomainError.invalid(field: "--since", reason: "expected a date like 2026-11-01 or 2026-11-01T09:00:00Z")
    }
}

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

    static func render(_ events: [AuditEvent], json: Bool) throws -> String {
        if json {
            return try JSONOutput.render(events.map {
                Row(
                    sequence: $0.sequence, occurredAt: $0.occurredAt, actor: $0.actor, entityType: $0.entityType,
                    entityId: $0.entityID, eventType: $0.eventType, fromState: $0.fromState, toState: $0.toState,
                    payload: (try? JSONDecoder().decode([String: JSONValue].self, from: Data($0.payload.utf8))) ?? [:]
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

enum ChainVerificationView {
    struct Report: Encodable {
        let intact: Bool
        let verified: Int
        let unsealed: Int
        let headSequence: Int64?
        let headHash: String?
        let firstBadSequence: Int64?
        let problem: String?

        enum CodingKeys: String, CodingKey {
            case intact, verified, unsealed, headSequence, headHash, firstBadSequence, problem
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(intact, forKey: .intact)
            try container.encode(verified, forKey: .verified)
            try container.encode(unsealed, forKey: .unsealed)
            try container.encode(headSequence, forKey: .headSequence)
            try container.encode(headHash, forKey: .headHash)
            try container.encode(firstBadSequence, forKey: .firstBadSequence)
            try container.encode(problem, forKey: .problem)
        }
    }

    static func render(_ result: ChainVerification, json: Bool) throws -> String {
        if json {
            return try JSONOutput.render(Report(
                intact: result.isIntact, verified: result.verified, unsealed: result.unsealed,
                headSequence: result.head?.sequence, headHash: result.head?.hash.hexString,
                firstBadSequence: result.problem?.sequence, problem: result.problem?.reason
            ))
        }
        var lines: [String] = []
        if result.isIntact {
            lines.append("audit chain intact: \(result.verified) events verified, \(result.unsealed) not sealed yet")
        } else {
            lines.append("audit chain BROKEN after \(result.verified) good events")
        }
        if let head = result.head {
            lines.append("head: event \(head.sequence), hash \(head.hash.hexString)")
        }
        return lines.joined(separator: "\n")
    }
}

/// Any JSON value, to pass an event's payload through `--json` unchanged.
enum JSONValue: Codable, Equatable {
    case string(String), number(Double), bool(Bool), object([String: JSONValue]), array([JSONValue]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}
