import Foundation
import PostgresNIO
import VolunteerCore

/// The tables whose rows coordinators name by short id.
enum ShortIDTable: String {
    case applications, volunteers, interviews
    case onboardingTasks = "onboarding_tasks"

    var entity: String {
        switch self {
        case .applications: "application"
        case .volunteers: "volunteer"
        case .onboardingTasks: "task"
        case .interviews: "interview"
        }
    }
}

extension Database {
    /// The one row a short id names: exactly one, or an error that says there
    /// is none or lists the candidates.
    func resolve(_ shortID: ShortID, in table: ShortIDTable) async throws -> UUID {
        let (lowest, highest) = shortID.range
        var query = PostgresQuery(unsafeSQL: "SELECT id FROM \(table.rawValue) WHERE id BETWEEN $1 AND $2 ORDER BY id LIMIT 5")
        query.binds.append(lowest, context: .default)
        query.binds.append(highest, context: .default)
        var ids: [UUID] = []
        for try await id in try await client.query(query, logger: logger).decode(UUID.self) { ids.append(id) }
        switch ids.count {
        case 0: throw DomainError.notFound(entity: table.entity, id: shortID.description)
        case 1: return ids[0]
        default:
            throw DomainError.ambiguous(
                entity: table.entity, id: shortID.description,
                candidates: ids.map { ShortID.display($0, length: 12) } + (ids.count == 5 ? ["…"] : [])
            )
        }
    }
}
