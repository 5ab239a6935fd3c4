import Foundation
import PostgresNIO
import VolunteerCore

/// Who looked at whom: the reveal events the database writes before any
/// sealed data leaves it, counted per coordinator, so that a bulk read
/// stands out. Counts only, never which applicant.
public struct RevealCounts: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct ByCoordinator: Sendable, Equatable, Codable {
        public let coordinator: String
        /// `personal_data.revealed` events: one per applicant shown.
        public let reveals: Int
        /// Different applicants among them.
        public let applicants: Int
        /// `notes.revealed` events: one per applicant whose notes were read.
        public let notesReveals: Int
        /// `messages.revealed` events: one per applicant whose thread was read.
        public let messagesReveals: Int
        public let firstAt: Date
        public let lastAt: Date
    }

    /// Since `since` (and only `coordinator`'s, if given), most reveals first.
    public func since(_ since: Date, by coordinator: String? = nil) async throws -> [ByCoordinator] {
        let rows = try await database.client.query(
            """
            SELECT actor,
                   count(*) FILTER (WHERE event_type = 'personal_data.revealed')::int,
                   count(DISTINCT entity_id) FILTER (WHERE event_type = 'personal_data.revealed')::int,
                   count(*) FILTER (WHERE event_type = 'notes.revealed')::int,
                   count(*) FILTER (WHERE event_type = 'messages.revealed')::int,
                   min(occurred_at), max(occurred_at)
            FROM events
            WHERE event_type IN ('personal_data.revealed', 'notes.revealed', 'messages.revealed') AND occurred_at >= \(since)
              AND (\(coordinator)::text IS NULL OR actor = \(coordinator))
            GROUP BY actor
            ORDER BY 2 DESC, 4 DESC, actor
            """,
            logger: database.logger
        )
        var counts: [ByCoordinator] = []
        for try await (actor, reveals, applicants, notes, messages, first, last) in rows.decode(
            (String, Int, Int, Int, Int, Date, Date).self)
        {
            counts.append(
                ByCoordinator(
                    coordinator: actor, reveals: reveals, applicants: applicants, notesReveals: notes, messagesReveals: messages,
                    firstAt: first, lastAt: last
                ))
        }
        return counts
    }

    /// The weekly report's section: reveals per coordinator in the week and the week before.
    func weekOnWeek(_ period: ReportPeriod) async throws -> WeeklyReport.Reveals {
        let (previous, start, end) = (period.previousStart, period.start, period.end)
        let rows = try await database.client.query(
            """
            SELECT actor,
                   count(*) FILTER (WHERE event_type = 'personal_data.revealed' AND occurred_at >= \(start))::int,
                   count(*) FILTER (WHERE event_type = 'personal_data.revealed' AND occurred_at < \(start))::int,
                   count(*) FILTER (WHERE event_type = 'notes.revealed' AND occurred_at >= \(start))::int,
                   count(*) FILTER (WHERE event_type = 'notes.revealed' AND occurred_at < \(start))::int
            FROM events
            WHERE event_type IN ('personal_data.revealed', 'notes.revealed')
              AND occurred_at >= \(previous) AND occurred_at < \(end)
            GROUP BY actor
            ORDER BY 2 DESC, 3 DESC, actor
            """,
            logger: database.logger
        )
        var byCoordinator: [WeeklyReport.CoordinatorReveals] = []
        for try await (actor, week, before, notesWeek, notesBefore) in rows.decode((String, Int, Int, Int, Int).self) {
            byCoordinator.append(
                WeeklyReport.CoordinatorReveals(
                    coordinator: actor, personalData: WeekOnWeek(week: week, previous: before),
                    notes: WeekOnWeek(week: notesWeek, previous: notesBefore)
                ))
        }
        return WeeklyReport.Reveals(
            total: WeekOnWeek(
                week: byCoordinator.reduce(0) { $0 + $1.personalData.week.count },
                previous: byCoordinator.reduce(0) { $0 + $1.personalData.previous.count }
            ),
            byCoordinator: byCoordinator
        )
    }
}
