import Foundation
import PostgresNIO
import VolunteerCore

/// An interview as the agenda shows it: ids, zones and times, nothing personal.
public struct InterviewRecord: Sendable, Encodable {
    public let id: UUID
    public let applicationId: UUID
    public let coordinator: String
    public let coordinatorTimeZone: String?
    public let applicantTimeZone: String
    public let startsAt: Date
    public let endsAt: Date
    public let status: String
}

/// Someone's schedule as read for interviews: who, their zone, their windows
/// and blackouts, and their interviews already booked.
public struct InterviewParty: Sendable {
    public let id: UUID
    public let name: String
    public let timeZone: String
    public let schedule: PersonSchedule
}

/// Whether and how the applicant hears of a change: the built-in wording
/// (in their language where it has one, else English), or the
/// organisation's template.
public enum InterviewNotification: Sendable, Equatable {
    case builtIn
    case template(String)

    var template: String? {
        if case .template(let name) = self { name } else { nil }
    }
}

/// How an interview went, recorded once it has started.
public enum InterviewOutcome: String, Sendable, CaseIterable {
    case done, missed
}

/// Why a booking was refused.
public enum InterviewError: Error, Equatable, Sendable, CustomStringConvertible {
    case coordinatorBusy(String)
    case applicantBusy
    case notBookable(String)
    case noTimeZone(coordinator: String)

    public var description: String {
        switch self {
        case .coordinatorBusy(let name): "\(name) already has an interview at that time"
        case .applicantBusy: "the applicant already has an interview at that time"
        case .notBookable(let why): why
        case .noTimeZone(let name):
            "coordinator \(name) has no time zone yet; they set it with `vtrack availability set --me --tz ZONE …`"
        }
    }
}

public struct InterviewRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    // MARK: Coordinators' own availability

    /// Replaces the connected coordinator's availability and time zone (one event, counts only).
    public func setMine(_ availability: Availability, zone: String) async throws {
        if let problem = availability.problems(prefix: "availability").first {
            throw DomainError.invalid(field: problem.field, reason: problem.problem)
        }
        guard TimeZoneRules.isKnown(zone) else { throw DomainError.invalid(field: "time zone", reason: "is not an IANA time zone") }
        let logger = database.logger
        _ = try await database.withTransaction { connection in
            try await AvailabilityWrite(availability).replace(for: .coordinatorSelf(zone: zone), on: connection, logger: logger)
        }
    }

    /// The connected coordinator's login.
    public func me() async throws -> String {
        for try await name in try await database.client.query("SELECT session_user::text", logger: database.logger).decode(String.self) {
            return name
        }
        throw DomainError.notFound(entity: "coordinator", id: "you")
    }

    /// A coordinator's availability (`name`, else the one connected).
    public func coordinator(_ name: String?) async throws -> (id: UUID, name: String, timeZone: String?, availability: Availability) {
        let rows = try await database.client.query(
            """
            SELECT id, name, time_zone FROM coordinators
            WHERE name = coalesce(\(name), session_user::text) AND removed_at IS NULL
            """, logger: database.logger)
        guard let (id, found, zone) = try await rows.decode((UUID, String, String?).self).first(where: { _ in true }) else {
            throw DomainError.notFound(entity: "coordinator", id: name ?? "you")
        }
        var windows: [WeeklyWindow] = []
        let windowRows = try await database.client.query(
            """
            SELECT day::text, start_minute, end_minute FROM coordinator_windows
            WHERE coordinator_id = \(id) ORDER BY weekday_index(day), start_minute
            """, logger: database.logger)
        for try await (day, start, end) in windowRows.decode((String, Int16, Int16).self) {
            windows.append(
                WeeklyWindow(day: Weekday(rawValue: day)!, start: TimeOfDay(minutes: Int(start))!, end: TimeOfDay(minutes: Int(end))!))
        }
        var blackouts: [Blackout] = []
        let blackoutRows = try await database.client.query(
            "SELECT from_date::text, to_date::text FROM coordinator_blackouts WHERE coordinator_id = \(id) ORDER BY from_date",
            logger: database.logger)
        for try await (from, to) in blackoutRows.decode((String, String).self) {
            blackouts.append(Blackout(from: LocalDate(from)!, to: LocalDate(to)!))
        }
        return (id, found, zone, Availability(windows: windows, blackouts: blackouts))
    }

    // MARK: Proposing

    public func resolve(application shortID: ShortID) async throws -> UUID {
        try await database.resolve(shortID, in: .applications)
    }

    public func resolve(interview shortID: ShortID) async throws -> UUID {
        try await database.resolve(shortID, in: .interviews)
    }

    /// The coordinator `name` and the applicant behind `application`, with
    /// their interviews booked between `from` and `to`.
    public func parties(
        application: UUID, coordinator name: String, from: Date, to: Date
    ) async throws -> (
        coordinator: InterviewParty, applicant: InterviewParty
    ) {
        let found = try await coordinator(name)
        guard let zoneName = found.timeZone, let zone = TimeZone(identifier: zoneName) else {
            throw InterviewError.noTimeZone(coordinator: found.name)
        }
        let applicantID = try await ApplicationRepository(database: database).find(id: application).applicantID
        let person = try await AvailabilityRepository(database: database).availability(of: PersonReference(applicantID: applicantID))
        let busy = try await busy(coordinator: found.id, applicant: applicantID, from: from, to: to)
        return (
            InterviewParty(
                id: found.id, name: found.name, timeZone: zoneName,
                schedule: PersonSchedule(
                    zone: zone, windows: found.availability.windows, blackouts: found.availability.blackouts, busy: busy.coordinator)),
            InterviewParty(
                id: applicantID, name: ShortID.display(application), timeZone: person.timeZone,
                schedule: PersonSchedule(
                    zone: TimeZone(identifier: person.timeZone) ?? .gmt, windows: person.availability.windows,
                    blackouts: person.availability.blackouts, busy: busy.applicant))
        )
    }

    private func busy(
        coordinator: UUID, applicant: UUID, from: Date, to: Date
    ) async throws -> (
        coordinator: [DateInterval], applicant: [DateInterval]
    ) {
        let rows = try await database.client.query(
            """
            SELECT coordinator_id = \(coordinator), applicant_id = \(applicant), starts_at, ends_at FROM interviews
            WHERE status = 'scheduled' AND (coordinator_id = \(coordinator) OR applicant_id = \(applicant))
              AND tstzrange(starts_at, ends_at) && tstzrange(\(from), \(to))
            """, logger: database.logger)
        var result: (coordinator: [DateInterval], applicant: [DateInterval]) = ([], [])
        for try await (isCoordinator, isApplicant, start, end) in rows.decode((Bool, Bool, Date, Date).self) {
            let interval = DateInterval(start: start, end: end)
            if isCoordinator { result.coordinator.append(interval) }
            if isApplicant { result.applicant.append(interval) }
        }
        return result
    }

    // MARK: Writing

    /// Books it (one event; a `screening` application moves to `interview`)
    /// and, with `notify`, tells the applicant in the same transaction: a
    /// booking whose message cannot go is not made.
    public func book(
        application: UUID, coordinator: String, start: Date, minutes: Int, notify: InterviewNotification? = nil
    ) async throws -> UUID {
        try await changing(coordinator: coordinator, key: ShortID.display(application)) { connection in
            let rows = try await connection.query(
                "SELECT book_interview(\(application), \(coordinator), \(start), \(minutes)::int)", logger: database.logger)
            for try await id in rows.decode(UUID.self) {
                try await tell(.booked, about: id, notify, on: connection)
                return id
            }
            throw DomainError.notFound(entity: "application", id: ShortID.display(application))
        }
    }

    public func cancel(_ interview: UUID, notify: InterviewNotification? = nil) async throws {
        try await changing(coordinator: "the coordinator", key: ShortID.display(interview)) { connection in
            _ = try await connection.query("SELECT cancel_interview(\(interview))", logger: database.logger).collect()
            try await tell(.cancelled, about: interview, notify, on: connection)
        }
    }

    public func reschedule(_ interview: UUID, start: Date, minutes: Int, notify: InterviewNotification? = nil) async throws {
        let coordinator = try await find(interview).coordinator
        try await changing(coordinator: coordinator, key: ShortID.display(interview)) { connection in
            _ = try await connection.query(
                "SELECT reschedule_interview(\(interview), \(start), \(minutes)::int)", logger: database.logger
            ).collect()
            try await tell(.rescheduled, about: interview, notify, on: connection)
        }
    }

    /// Records how it went, once it has started (one event).
    public func record(_ interview: UUID, outcome: InterviewOutcome) async throws {
        try await changing(coordinator: "the coordinator", key: ShortID.display(interview)) { connection in
            _ = try await connection.query(
                "SELECT record_interview_outcome(\(interview), \(outcome.rawValue))", logger: database.logger
            ).collect()
        }
    }

    /// The interview as it is now, in the applicant's inbox, on the change's connection.
    private func tell(
        _ change: InterviewNotice.Change, about interview: UUID, _ notify: InterviewNotification?, on connection: PostgresConnection
    ) async throws {
        guard let notify else { return }
        let rows = try await connection.query(
            """
            SELECT i.application_id, i.starts_at, i.ends_at, coalesce(ap.time_zone, 'UTC')
            FROM interviews i JOIN applicants ap ON ap.id = i.applicant_id WHERE i.id = \(interview)
            """, logger: database.logger)
        for try await (application, start, end, zone) in rows.decode((UUID, Date, Date, String).self) {
            let notice = InterviewNotice(
                change: change, startsAt: start, minutes: Int(end.timeIntervalSince(start) / 60), timeZone: zone)
            try await MessageComposer(database: database).send(
                .interview(notice, template: notify.template), to: [application], on: connection)
        }
    }

    /// `body` in one transaction, the database's refusals said in the
    /// interview's terms.
    private func changing<Result: Sendable>(
        coordinator: String, key: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await refusingDoubleBooking(coordinator: coordinator, key: key) {
            try await database.withTransaction { try await body($0) }
        }
    }

    private func refusingDoubleBooking<Result>(coordinator: String, key: String, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as PSQLError {
            guard let state = error.sqlState else { throw error }
            switch state.raw {
            case "23P01":  // exclusion_violation: one of the double-booking constraints
                throw error.serverInfo?[.constraintName] == "interviews_applicant_free"
                    ? InterviewError.applicantBusy : InterviewError.coordinatorBusy(coordinator)
            case "P0002":  // no_data_found, as the functions raise it
                throw DomainError.notFound(entity: error.serverInfo?[.message]?.components(separatedBy: " ").first ?? "record", id: key)
            case "VT024":
                throw InterviewError.notBookable(error.serverInfo?[.message] ?? "not in a state for this")
            default:
                throw domainError(from: error, entity: "interview", key: key)
            }
        }
    }

    // MARK: Reading

    public struct ListQuery: Sendable {
        public var coordinator: String?
        public var from: Date?
        public var to: Date?
        public var includeCancelled = false
        public var limit = 100
        public var offset = 0

        public init() {}
    }

    public func find(_ interview: UUID) async throws -> InterviewRecord {
        var query = ListQuery()
        query.includeCancelled = true
        guard let found = try await list(query, id: interview).first else {
            throw DomainError.notFound(entity: "interview", id: ShortID.display(interview))
        }
        return found
    }

    /// The agenda: by start time, then id.
    public func list(_ query: ListQuery, id: UUID? = nil) async throws -> [InterviewRecord] {
        let rows = try await database.client.query(
            """
            SELECT i.id, i.application_id, c.name, c.time_zone, ap.time_zone, i.starts_at, i.ends_at, i.status
            FROM interviews i JOIN coordinators c ON c.id = i.coordinator_id JOIN applicants ap ON ap.id = i.applicant_id
            WHERE (\(id)::uuid IS NULL OR i.id = \(id))
              AND (\(query.coordinator)::text IS NULL OR c.name = \(query.coordinator))
              AND (\(query.from)::timestamptz IS NULL OR i.ends_at > \(query.from))
              AND (\(query.to)::timestamptz IS NULL OR i.starts_at < \(query.to))
              AND (\(query.includeCancelled) OR i.status <> 'cancelled')
            ORDER BY i.starts_at, i.id
            LIMIT \(query.limit) OFFSET \(query.offset)
            """, logger: database.logger)
        var records: [InterviewRecord] = []
        for try await (id, application, coordinator, coordinatorZone, applicantZone, start, end, status) in rows.decode(
            (UUID, UUID, String, String?, String, Date, Date, String).self)
        {
            records.append(
                InterviewRecord(
                    id: id, applicationId: application, coordinator: coordinator, coordinatorTimeZone: coordinatorZone,
                    applicantTimeZone: applicantZone, startsAt: start, endsAt: end, status: status))
        }
        return records
    }
}
