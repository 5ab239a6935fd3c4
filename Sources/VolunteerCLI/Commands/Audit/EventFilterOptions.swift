import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct EventFilterOptions: ParsableArguments {
    @Option(help: "Only events of TYPE:ID, e.g. application:3f2a9c1e-….") var entity: String?
    @Option(help: "Only events at or after this date or time (ISO 8601).") var since: String?
    @Option(help: "Only events by this actor (a coordinator's role, applicant:ID or system).") var actor: String?
    @Option(help: "At most this many events (1 to 10000), the most recent.") var limit = 100
    @Option(help: "Which page of --limit events, from 1 (the most recent); 2 goes further back.") var page = 1

    func validate() throws {
        try PageOptions.validate(limit: limit, page: page)
    }

    func filter() throws -> EventLog.Filter {
        let entity = try self.entity.map(Self.parseEntity)
        return EventLog.Filter(
            entityType: entity?.0, entityID: entity?.1, since: try since.map(Self.parseDate), actor: actor, limit: limit,
            offset: (page - 1) * limit
        )
    }

    static func parseEntity(_ text: String) throws -> (String, UUID) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["position", "application", "volunteer", "applicant"].contains(parts[0]),
            let id = UUID(uuidString: parts[1])
        else {
            throw DomainError.invalid(
                field: "entity", reason: "expected TYPE:UUID with TYPE one of position, application, volunteer, applicant")
        }
        return (parts[0], id)
    }

    static func parseDate(_ text: String) throws -> Date {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return date }
        throw DomainError.invalid(field: "--since", reason: "expected a date like 2026-11-01 or 2026-11-01T09:00:00Z")
    }
}
