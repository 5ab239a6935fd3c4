import Foundation
import PostgresNIO
import VolunteerCore

/// One person's availability as stored, with the time zone it is in.
public struct PersonAvailability: Sendable, Encodable {
    public let applicantId: UUID
    public let timeZone: String
    public let availability: Availability
}

/// Who a coordinator means: a volunteer's or an application's short id.
public struct PersonReference: Sendable {
    public let applicantID: UUID

    public init(applicantID: UUID) {
        self.applicantID = applicantID
    }
}

/// Availability, set by applicants through the API and by coordinators here,
/// and the questions asked of it: who is free then, how many hours next week.
public struct AvailabilityRepository: Sendable {
    let database: Database
    /// Capacity counts the people with ids below this and the rest side by side.
    let capacitySplit: UUID

    public init(database: Database, capacitySplit: UUID = UUID(uuid: (0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))) {
        self.database = database
        self.capacitySplit = capacitySplit
    }

    /// A volunteer's short id, else an application's: the person behind it.
    public func person(_ shortID: ShortID) async throws -> PersonReference {
        let application: UUID
        do {
            let volunteer = try await database.resolve(shortID, in: .volunteers)
            application = try await VolunteerRepository(database: database).find(id: volunteer).applicationID
        } catch DomainError.notFound {
            // Not a volunteer's id (an ambiguous one, or the database failing, is said as it is).
            application = try await database.resolve(shortID, in: .applications)
        }
        return PersonReference(applicantID: try await ApplicationRepository(database: database).find(id: application).applicantID)
    }

    public func availability(of person: PersonReference) async throws -> PersonAvailability {
        let id = person.applicantID
        let rows = try await database.client.query(
            "SELECT time_zone, hours_per_week::float8 FROM applicants WHERE id = \(id) AND erased_at IS NULL",
            logger: database.logger
        )
        guard let (zone, hours) = try await rows.decode((String, Double?).self).first(where: { _ in true }) else {
            throw DomainError.notFound(entity: "person", id: ShortID.display(id))
        }
        var windows: [WeeklyWindow] = []
        let windowRows = try await database.client.query(
            """
            SELECT day::text, start_minute, end_minute FROM availability_windows
            WHERE applicant_id = \(id) ORDER BY weekday_index(day), start_minute
            """,
            logger: database.logger
        )
        for try await (day, start, end) in windowRows.decode((String, Int16, Int16).self) {
            windows.append(
                WeeklyWindow(day: Weekday(rawValue: day)!, start: TimeOfDay(minutes: Int(start))!, end: TimeOfDay(minutes: Int(end))!))
        }
        var blackouts: [Blackout] = []
        let blackoutRows = try await database.client.query(
            "SELECT from_date::text, to_date::text FROM availability_blackouts WHERE applicant_id = \(id) ORDER BY from_date",
            logger: database.logger
        )
        for try await (from, to) in blackoutRows.decode((String, String).self) {
            blackouts.append(Blackout(from: LocalDate(from)!, to: LocalDate(to)!))
        }
        return PersonAvailability(
            applicantId: id, timeZone: zone, availability: Availability(hoursPerWeek: hours, windows: windows, blackouts: blackouts)
        )
    }

    /// Replaces a person's availability (one event, counts only).
    public func set(_ availability: Availability, for person: PersonReference) async throws {
        if let problem = availability.problems(prefix: "availability").first {
            throw DomainError.invalid(field: problem.field, reason: problem.problem)
        }
        let logger = database.logger
        _ = try await database.withTransaction { connection in
            try await AvailabilityWrite(availability).replace(for: .applicant(person.applicantID), on: connection, logger: logger)
        }
    }
}
