import Foundation
import PostgresNIO
import VolunteerCore

/// Gathers an applicant's copy: personal data, notes and messages through the reveal
/// functions (so the export is logged as reveals, before anything opens),
/// the rest from the plain columns.
public struct ApplicantCopyReading: Sendable {
    let database: Database
    let key: CoordinatorPrivateKey

    public init(database: Database, key: CoordinatorPrivateKey) {
        self.database = database
        self.key = key
    }

    public func copy(of applicantID: UUID, at now: Date) async throws -> ApplicantCopy {
        let sealed = PersonalDataRepository(database: database, key: key)
        let reader = try await sealed.registeredKey()
        let personalData: PersonalData?
        switch try await sealed.reveal([applicantID])[applicantID] {
        case .opened(let data)?: personalData = data
        case .notGrantedToThisKey?: throw KeyAccessError.notGranted(keyName: reader.name, applicants: 1)
        case .unreadable(let error)?: throw error
        case nil: personalData = nil
        }
        let notes = try await sealed.notes(of: applicantID).map { note in
            guard case .success(let text) = note.text else {
                throw KeyAccessError.notGranted(keyName: reader.name, applicants: 1)
            }
            return OpenedNote(id: note.id, applicationId: note.applicationID, author: note.author, createdAt: note.createdAt, text: text)
        }
        let messages = try await MessageRepository(database: database).threads(
            of: try await applicationIDs(of: applicantID), key: key
        ).map { message in
            guard case .success(let text) = message.text else {
                throw KeyAccessError.notGranted(keyName: reader.name, applicants: 1)
            }
            return OpenedMessage(
                id: message.id, applicationId: message.applicationID, direction: message.direction.rawValue, author: message.author,
                template: message.template, sentAt: message.sentAt, readAt: message.readAt, text: text)
        }
        // After the reveals, so that the events include them.
        let applicant = try await facts(of: applicantID)
        let volunteers = try await volunteers(of: applicantID)
        let events = try await events(of: applicantID, volunteers: volunteers)
        let applications = try await applications(of: applicantID, events: events)
        let availability =
            applicant.erasedAt == nil
            ? try await AvailabilityRepository(database: database).availability(of: PersonReference(applicantID: applicantID))
                .availability
            : nil
        return ApplicantCopy(
            exportedAt: now, exportedBy: try await login(), exportedWithKey: reader.name, applicant: applicant,
            personalData: personalData, applications: applications, notes: notes, messages: messages, availability: availability,
            volunteers: volunteers, events: events
        )
    }

    private func applicationIDs(of applicantID: UUID) async throws -> [UUID] {
        try await database.client.query(
            "SELECT id FROM applications WHERE applicant_id = \(applicantID) ORDER BY submitted_at, id", logger: database.logger
        ).collect().map { try $0.decode(UUID.self) }
    }

    private func login() async throws -> String {
        try await database.client.query("SELECT session_user::text", logger: database.logger).collect().first!.decode(String.self)
    }

    private func facts(of applicantID: UUID) async throws -> ApplicantFacts {
        let rows = try await database.client.query(
            """
            SELECT ap.id, ap.created_at, ap.languages,
                   ARRAY(SELECT s.skill FROM applicant_skills s WHERE s.applicant_id = ap.id ORDER BY s.skill),
                   ap.time_zone, ap.hours_per_week::float8, ap.privacy_policy_version, n.url, ap.consented_at,
                   ap.erased_at, ap.erasure_reason
            FROM applicants ap LEFT JOIN privacy_notices n ON n.version = ap.privacy_policy_version
            WHERE ap.id = \(applicantID)
            """,
            logger: database.logger
        )
        for try await row in rows {
            let (id, created, languages, skills, zone, hours, notice, url, consented, erased, reason) = try row.decode(
                (UUID, Date, [String], [String], String?, Double?, String?, String?, Date?, Date?, String?).self
            )
            return ApplicantFacts(
                id: id, createdAt: created, languages: languages, skills: skills, timeZone: zone, hoursPerWeek: hours,
                consent: notice.map { Consent(noticeVersion: $0, noticeUrl: url, acceptedAt: consented) },
                erasedAt: erased, erasureReason: reason
            )
        }
        throw DomainError.notFound(entity: "applicant", id: applicantID.uuidString.lowercased())
    }

    private func applications(of applicantID: UUID, events: [EventFacts]) async throws -> [ApplicationFacts] {
        let rows = try await database.client.query(
            """
            SELECT a.id, p.slug, p.title, a.source, a.status::text, a.rejection_reason::text, a.submitted_at, a.decided_at
            FROM applications a JOIN positions p ON p.id = a.position_id
            WHERE a.applicant_id = \(applicantID) ORDER BY a.submitted_at, a.id
            """,
            logger: database.logger
        )
        var applications: [ApplicationFacts] = []
        for try await (id, slug, title, source, status, reason, submitted, decided) in rows.decode(
            (UUID, String, String, String?, String, String?, Date, Date?).self
        ) {
            applications.append(
                ApplicationFacts(
                    id: id, positionSlug: slug, positionTitle: title, source: source, status: status, rejectionReason: reason,
                    submittedAt: submitted, decidedAt: decided,
                    timeline: events.filter { $0.entityType == "application" && $0.entityId == id }
                ))
        }
        return applications
    }

    private func volunteers(of applicantID: UUID) async throws -> [VolunteerFacts] {
        let rows = try await database.client.query(
            """
            SELECT v.id, v.application_id, p.slug, v.status::text, v.started_at
            FROM volunteers v JOIN positions p ON p.id = v.position_id
            WHERE v.applicant_id = \(applicantID) ORDER BY v.started_at, v.id
            """,
            logger: database.logger
        )
        var volunteers: [VolunteerFacts] = []
        for try await (id, application, slug, status, started) in rows.decode((UUID, UUID, String, String, Date).self) {
            volunteers.append(
                VolunteerFacts(
                    id: id, applicationId: application, positionSlug: slug, status: status, startedAt: started,
                    tasks: try await tasks(of: id)
                ))
        }
        return volunteers
    }

    private func tasks(of volunteerID: UUID) async throws -> [TaskFacts] {
        let rows = try await database.client.query(
            """
            SELECT id, title, state::text, due_date::text, closed_at, reason FROM onboarding_tasks
            WHERE volunteer_id = \(volunteerID) ORDER BY ord, id
            """,
            logger: database.logger
        )
        var tasks: [TaskFacts] = []
        for try await (id, title, state, due, closed, reason) in rows.decode((UUID, String, String, String, Date?, String?).self) {
            tasks.append(TaskFacts(id: id, title: title, state: state, dueDate: due, closedAt: closed, reason: reason))
        }
        return tasks
    }

    private func events(of applicantID: UUID, volunteers: [VolunteerFacts]) async throws -> [EventFacts] {
        let volunteerIDs = volunteers.map(\.id)
        let taskIDs = volunteers.flatMap { $0.tasks.map(\.id) }
        let rows = try await database.client.query(
            """
            SELECT seq, occurred_at, actor, entity_type, entity_id, event_type, from_state, to_state, payload::text FROM events
            WHERE (entity_type = 'applicant' AND entity_id = \(applicantID))
               OR (entity_type = 'application' AND entity_id IN (SELECT id FROM applications WHERE applicant_id = \(applicantID)))
               OR (entity_type = 'volunteer' AND entity_id = ANY (\(volunteerIDs)))
               OR (entity_type = 'onboarding_task' AND entity_id = ANY (\(taskIDs)))
            ORDER BY seq
            """,
            logger: database.logger
        )
        var events: [EventFacts] = []
        for try await (seq, occurred, actor, entityType, entityID, eventType, from, to, payload) in rows.decode(
            (Int64, Date, String, String, UUID, String, String?, String?, String).self
        ) {
            events.append(
                EventFacts(
                    seq: seq, occurredAt: occurred, actor: actor, entityType: entityType, entityId: entityID, eventType: eventType,
                    fromState: from, toState: to, payload: try JSONParser.parse(Array(payload.utf8))
                ))
        }
        return events
    }
}
