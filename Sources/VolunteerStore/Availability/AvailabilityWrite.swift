import Foundation
import Logging
import PostgresNIO
import VolunteerCore

/// Every write of an applicant's availability, in one place: hours per week
/// on `applicants`, a row per weekly window and per blackout, bound as
/// encoded here. Intake writes a new applicant's rows inside its one
/// statement (`appendInterpolation(rowsOf:newApplicant:)`); afterwards a
/// coordinator or the applicant replaces them (`replace`), through the
/// database's `availability_replace`, which writes the event (counts only).
struct AvailabilityWrite: Sendable {
    let hoursPerWeek: Double?
    let days: [String]
    let startMinutes: [Int16]
    let endMinutes: [Int16]
    let fromDates: [String]
    let toDates: [String]

    init(_ availability: Availability?) {
        let windows = availability?.windows ?? []
        let blackouts = availability?.blackouts ?? []
        hoursPerWeek = availability?.hoursPerWeek
        days = windows.map(\.day.rawValue)
        startMinutes = windows.map { Int16($0.start.minutes) }
        endMinutes = windows.map { Int16($0.end.minutes) }
        fromDates = blackouts.map(\.from.description)
        toDates = blackouts.map(\.to.description)
    }

    /// Replaces `holder`'s availability inside the caller's transaction.
    /// False when a status token opens nothing.
    func replace(for holder: AvailabilityHolder, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let windows = try Self.json(
            days.indices.map {
                StoredWindow(day: days[$0], startMinute: startMinutes[$0], endMinute: endMinutes[$0])
            })
        let blackouts = try Self.json(fromDates.indices.map { StoredBlackout(fromDate: fromDates[$0], toDate: toDates[$0]) })
        switch holder {
        case .applicant(let id):
            try await mappingDatabaseErrors(entity: "availability", key: ShortID.display(id)) {
                try await connection.query(
                    "SELECT availability_replace(\(id), \(hoursPerWeek)::numeric, \(windows)::jsonb, \(blackouts)::jsonb)",
                    logger: logger
                )
            }
            return true
        case .coordinatorSelf(let zone):
            try await mappingDatabaseErrors(entity: "availability", key: "yours") {
                try await connection.query(
                    "SELECT set_my_availability(\(zone), \(windows)::jsonb, \(blackouts)::jsonb)", logger: logger)
            }
            return true
        case .statusToken(let hash):
            return try await mappingDatabaseErrors(entity: "availability", key: "yours") {
                let rows = try await connection.query(
                    """
                    SELECT applicant_set_availability(\(ByteBuffer(bytes: hash)), \(hoursPerWeek)::numeric,
                                                      \(windows)::jsonb, \(blackouts)::jsonb)
                    """,
                    logger: logger
                ).collect()
                return try rows.first?.decode(Bool.self) ?? false
            }
        }
    }

    /// The arguments `availability_replace` takes, as JSON text.
    private static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// Keys as `availability_replace` reads them.
    private struct StoredWindow: Encodable {
        let day: String
        let startMinute: Int16
        let endMinute: Int16

        enum CodingKeys: String, CodingKey {
            case day
            case startMinute = "start_minute"
            case endMinute = "end_minute"
        }
    }

    private struct StoredBlackout: Encodable {
        let fromDate: String
        let toDate: String

        enum CodingKeys: String, CodingKey {
            case fromDate = "from_date"
            case toDate = "to_date"
        }
    }
}

/// Whose availability is replaced, and so with what right.
enum AvailabilityHolder: Sendable, Equatable {
    /// An applicant a coordinator names.
    case applicant(UUID)
    /// The applicant themself, by the SHA-256 of their status token.
    case statusToken([UInt8])
    /// The coordinator connected (session_user), in their time zone `zone`.
    case coordinatorSelf(zone: String)
}

extension PostgresQuery.StringInterpolation {
    /// Intake's clauses `windows AS (…), blackouts AS (…)`: the rows of a
    /// new applicant's availability, written when the statement's `go`
    /// clause has a row. (Hours per week go in with the applicant.)
    mutating func appendInterpolation(rowsOf availability: AvailabilityWrite, newApplicant applicant: UUID) {
        appendLiteral(
            """
            windows AS (
                INSERT INTO availability_windows (applicant_id, day, start_minute, end_minute)
                SELECT 
            """)
        appendInterpolation(applicant)
        appendLiteral(", w.* FROM go, unnest(\n        ")
        appendInterpolation(availability.days)
        appendLiteral("::weekday[],\n        ")
        appendInterpolation(availability.startMinutes)
        appendLiteral("::smallint[],\n        ")
        appendInterpolation(availability.endMinutes)
        appendLiteral(
            """
            ::smallint[]) AS w
            ), blackouts AS (
                INSERT INTO availability_blackouts (applicant_id, from_date, to_date)
                SELECT 
            """)
        appendInterpolation(applicant)
        appendLiteral(", b.* FROM go, unnest(\n        ")
        appendInterpolation(availability.fromDates)
        appendLiteral("::date[], ")
        appendInterpolation(availability.toDates)
        appendLiteral("::date[]) AS b\n    ON CONFLICT DO NOTHING\n)")
    }
}
