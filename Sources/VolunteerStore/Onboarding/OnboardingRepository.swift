import Foundation
import PostgresNIO
import VolunteerCore

/// Templates and the tasks made from them. Tasks are created by the database
/// when a volunteer is accepted; everything here is a coordinator's change.
public struct OnboardingRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Replaces the owner's template, in one transaction.
    @discardableResult
    public func setTemplate(_ owner: TemplateOwner, tasks: [TemplateTask]) async throws -> OnboardingTemplate {
        if let problem = TemplateRules.problems(tasks).first {
            throw DomainError.invalid(field: problem.field, reason: problem.problem)
        }
        let logger = database.logger
        let upsert: PostgresQuery =
            switch owner {
            case .position(let slug):
                """
                INSERT INTO onboarding_templates (position_id) SELECT id FROM positions WHERE slug = \(slug)
                ON CONFLICT (position_id) DO UPDATE SET updated_at = now() RETURNING id
                """
            case .team(let team):
                """
                INSERT INTO onboarding_templates (team) VALUES (\(team))
                ON CONFLICT (team) DO UPDATE SET updated_at = now() RETURNING id
                """
            }
        try await mappingDatabaseErrors(entity: "template", key: owner.description) {
            try await database.withTransaction { connection in
                guard let id = try await connection.query(upsert, logger: logger).collect().first?.decode(UUID.self) else {
                    throw DomainError.notFound(entity: "position", id: owner.description)
                }
                try await connection.query("DELETE FROM onboarding_template_tasks WHERE template_id = \(id)", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO onboarding_template_tasks (template_id, ord, title, description, performer, due_offset_days, required)
                    SELECT \(id), * FROM unnest(
                        \(Array(1...tasks.count))::int[], \(tasks.map(\.title))::text[], \(tasks.map(\.description))::text[],
                        \(tasks.map(\.performer.rawValue))::task_performer[], \(tasks.map(\.dueInDays))::int[],
                        \(tasks.map(\.required))::bool[])
                    """,
                    logger: logger
                )
            }
        }
        guard let template = try await template(for: owner) else { throw DomainError.notFound(entity: "template", id: owner.description) }
        return template
    }

    /// The template that applies: a position's own, else its team's; nil if neither.
    public func template(for owner: TemplateOwner) async throws -> OnboardingTemplate? {
        let query: PostgresQuery =
            switch owner {
            case .position(let slug):
                """
                SELECT t.id, CASE WHEN t.position_id IS NULL THEN 'team' ELSE 'position' END,
                       coalesce(p.slug, t.team), t.updated_by, t.updated_at
                FROM positions pos
                JOIN onboarding_templates t ON t.position_id = pos.id OR t.team = pos.team
                LEFT JOIN positions p ON p.id = t.position_id
                WHERE pos.slug = \(slug)
                ORDER BY t.position_id IS NULL LIMIT 1
                """
            case .team(let team):
                "SELECT id, 'team', team, updated_by, updated_at FROM onboarding_templates WHERE team = \(team)"
            }
        if case .position(let slug) = owner {
            _ = try await PositionRepository(database: database).find(slug: slug)
        }
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (id, kind, name, by, at) in rows.decode((UUID, String, String, String, Date).self) {
            let tasks = try await database.client.query(
                """
                SELECT title, description, performer::text, due_offset_days, required
                FROM onboarding_template_tasks WHERE template_id = \(id) ORDER BY ord
                """,
                logger: database.logger
            )
            var steps: [TemplateTask] = []
            for try await (title, description, performer, offset, required) in tasks.decode((String, String, String, Int, Bool).self) {
                steps.append(
                    TemplateTask(
                        title: title, description: description, performer: TaskPerformer(rawValue: performer)!,
                        dueInDays: offset, required: required
                    ))
            }
            return OnboardingTemplate(kind: kind, owner: name, tasks: steps, updatedBy: by, updatedAt: at)
        }
        return nil
    }

    public func resolveTask(_ shortID: ShortID) async throws -> UUID {
        try await database.resolve(shortID, in: .onboardingTasks)
    }

    public func tasks(_ filter: TaskFilter) async throws -> [OnboardingTaskRecord] {
        var query = ListingQuery()
        if !filter.includeClosed { query.require("t.state = 'open'") }
        if let volunteer = filter.volunteerID { query.require("t.volunteer_id = \(query.bind(volunteer))") }
        if filter.overdueOnly { query.require("t.state = 'open' AND t.due_date < \(Self.today)") }
        if let days = filter.dueWithinDays {
            query.require("t.state = 'open' AND t.due_date <= \(Self.today) + \(query.bind(days))::integer")
        }
        if let assignee = filter.assignee { query.require("t.assignee = \(query.bind(assignee))") }
        let page = "LIMIT \(query.bind(filter.limit)) OFFSET \(query.bind(filter.offset))"
        query.sql = """
            \(Self.select)
            \(query.whereClause)
            ORDER BY t.due_date, v.id, t.ord, t.id
            \(page)
            """
        return try await records(query.postgresQuery)
    }

    public func task(id: UUID) async throws -> OnboardingTaskRecord {
        var query = ListingQuery()
        query.sql = "\(Self.select) WHERE t.id = \(query.bind(id))"
        guard let task = try await records(query.postgresQuery).first else {
            throw DomainError.notFound(entity: "task", id: ShortID.display(id))
        }
        return task
    }

    /// Done, skipped (with a reason) or open again; a sealed note, if any, in
    /// the same transaction.
    public func change(id: UUID, to next: TaskState, reason: String? = nil, note: SealedNote? = nil) async throws -> OnboardingTaskRecord {
        let current = try await task(id: id)
        guard current.state.allowedNext().contains(next), next != .cancelled else {
            throw DomainError.illegalTransition(
                entity: "task", id: current.shortId, current: current.state.rawValue, wanted: next.rawValue,
                allowed: current.state.allowedNext().filter { $0 != .cancelled }.map(\.rawValue)
            )
        }
        if next == .skipped, reason?.trimmed.isEmpty ?? true {
            throw DomainError.reasonRequired(entity: "task", id: current.shortId, action: "skipping")
        }
        let logger = database.logger
        try await mappingDatabaseErrors(entity: "task", key: current.shortId) {
            try await database.withTransaction { connection in
                let updated = try await connection.query(
                    """
                    UPDATE onboarding_tasks SET state = \(next.rawValue)::task_state, reason = \(next == .skipped ? reason : nil)
                    WHERE id = \(id) AND state = \(current.state.rawValue)::task_state RETURNING id
                    """,
                    logger: logger
                ).collect()
                guard !updated.isEmpty else { throw DomainError.conflict(entity: "task", id: current.shortId) }
                if let note { try await connection.query(note.insert, logger: logger) }
            }
        }
        return try await task(id: id)
    }

    public func reassign(id: UUID, to coordinator: String) async throws -> OnboardingTaskRecord {
        try await mappingDatabaseErrors(entity: "task", key: ShortID.display(id)) {
            try await database.write("UPDATE onboarding_tasks SET assignee = \(coordinator) WHERE id = \(id)")
        }
        return try await task(id: id)
    }

    /// A task of the coordinator's own making, after the template's.
    public func add(
        volunteerID: UUID, title: String, description: String = "", performer: TaskPerformer, required: Bool,
        due: LocalDate, assignee: String?
    ) async throws -> OnboardingTaskRecord {
        let draft = TemplateTask(title: title, description: description, performer: performer, dueInDays: 0, required: required)
        if let problem = draft.problems().first { throw DomainError.invalid(field: problem.field, reason: problem.problem) }
        let id = UUID()
        try await mappingDatabaseErrors(entity: "task", key: ShortID.display(id)) {
            try await database.write(
                """
                INSERT INTO onboarding_tasks (id, volunteer_id, ord, title, description, performer, required, due_date, assignee)
                SELECT \(id), v.id, coalesce((SELECT max(ord) FROM onboarding_tasks WHERE volunteer_id = v.id), 0) + 1,
                       \(title), \(description), \(performer.rawValue)::task_performer, \(required), \(due.description)::date, \(assignee)
                FROM volunteers v WHERE v.id = \(volunteerID)
                """
            )
        }
        return try await task(id: id)
    }

    /// Today where the volunteer is.
    static let today = "(now() AT TIME ZONE ap.time_zone)::date"

    private static let select = """
        SELECT t.id, t.volunteer_id, p.slug, t.ord, t.title, t.description, t.performer::text, t.required,
               t.due_date::text, t.assignee, t.state::text, t.reason, t.state = 'open' AND t.due_date < \(today)
        FROM onboarding_tasks t
        JOIN volunteers v ON v.id = t.volunteer_id
        JOIN positions p ON p.id = v.position_id
        JOIN applicants ap ON ap.id = v.applicant_id
        """

    private func records(_ query: PostgresQuery) async throws -> [OnboardingTaskRecord] {
        var records: [OnboardingTaskRecord] = []
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (id, volunteer, position, ord, title, description, performer, required, due, assignee, state, reason, overdue)
            in rows.decode(
                (UUID, UUID, String, Int, String, String, String, Bool, String, String?, String, String?, Bool).self
            )
        {
            records.append(
                OnboardingTaskRecord(
                    id: id, shortId: ShortID.display(id), volunteerId: volunteer, volunteerShortId: ShortID.display(volunteer),
                    position: position, ord: ord, title: title, description: description,
                    performer: TaskPerformer(rawValue: performer)!, required: required, dueDate: due, assignee: assignee,
                    state: TaskState(rawValue: state)!, reason: reason, overdue: overdue
                ))
        }
        return records
    }
}
