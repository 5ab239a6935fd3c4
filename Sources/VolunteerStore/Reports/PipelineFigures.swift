import Foundation
import PostgresNIO
import VolunteerCore

extension WeeklyReportRepository {
    /// Applications reaching each stage after `submitted` (which the intake
    /// counts), from the status changes in the event log. A return from
    /// on_hold is not reaching a stage again.
    func funnel(_ period: ReportPeriod) async throws -> WeeklyReport.Funnel {
        var reached: [String: (week: Int, previous: Int, twelve: Int)] = [:]
        for try await (state, week, previous, twelve) in try await database.client.query(
            """
            SELECT e.to_state, count(*) FILTER (WHERE e.occurred_at >= \(period.start))::int,
                   count(*) FILTER (WHERE e.occurred_at >= \(period.previousStart) AND e.occurred_at < \(period.start))::int,
                   count(*)::int
            FROM events e
            WHERE e.event_type = 'application.status_changed'
              AND e.occurred_at >= \(period.trendStart) AND e.occurred_at < \(period.end)
              AND NOT (e.from_state = \(ApplicationStatus.onHold.rawValue) AND e.to_state = ANY (\(ApplicationStatus.active.map(\.rawValue))::text[]))
            GROUP BY e.to_state
            """,
            logger: database.logger
        ).decode((String, Int, Int, Int).self) {
            reached[state] = (week, previous, twelve)
        }
        func count(_ state: String) -> WeekOnWeek {
            WeekOnWeek(week: reached[state]?.week ?? 0, previous: reached[state]?.previous ?? 0)
        }
        return WeeklyReport.Funnel(
            stages: ["screening", "interview", "offered", "accepted"].map {
                WeeklyReport.FunnelStage(stage: $0, reached: count($0), lastTwelveWeeks: Tally(reached[$0]?.twelve ?? 0))
            },
            rejected: count("rejected"), withdrawn: count("withdrawn")
        )
    }

    /// Submitted → first coordinator action, for first actions in each week;
    /// submitted → accepted, for acceptances in each week.
    func responseTimes(_ period: ReportPeriod) async throws -> WeeklyReport.ResponseTimes {
        let (previous, start, end) = (period.previousStart, period.start, period.end)
        let firstResponses = try await durations(
            """
            SELECT a.first_response_at >= \(start), count(*)::int,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.first_response_at - a.submitted_at)::float8),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM a.first_response_at - a.submitted_at)::float8)
            FROM applications a
            WHERE a.first_response_at >= \(previous) AND a.first_response_at < \(end)
            GROUP BY 1
            """
        )
        let acceptances = try await durations(
            """
            SELECT e.occurred_at >= \(start), count(*)::int,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.occurred_at - a.submitted_at)::float8),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM e.occurred_at - a.submitted_at)::float8)
            FROM events e JOIN applications a ON a.id = e.entity_id
            WHERE e.event_type = 'application.status_changed' AND e.to_state = 'accepted'
              AND e.occurred_at >= \(previous) AND e.occurred_at < \(end)
            GROUP BY 1
            """
        )
        return WeeklyReport.ResponseTimes(
            firstResponse: firstResponses.week, previousFirstResponse: firstResponses.previous,
            toAccept: acceptances.week, previousToAccept: acceptances.previous
        )
    }

    /// Rows of (this week?, count, median seconds, p90 seconds).
    private func durations(
        _ query: PostgresQuery
    ) async throws -> (week: WeeklyReport.DurationSummary, previous: WeeklyReport.DurationSummary) {
        var summaries = (week: Self.none, previous: Self.none)
        for try await (thisWeek, count, median, p90) in try await database.client.query(query, logger: database.logger)
            .decode((Bool, Int, Double?, Double?).self)
        {
            let summary = WeeklyReport.DurationSummary(count: count, medianHours: median.map(Self.hours), p90Hours: p90.map(Self.hours))
            if thisWeek { summaries.week = summary } else { summaries.previous = summary }
        }
        return summaries
    }

    private static let none = WeeklyReport.DurationSummary(count: 0, medianHours: nil, p90Hours: nil)

    /// Seconds as hours, to a tenth.
    private static func hours(_ seconds: Double) -> Double { (seconds / 360).rounded() / 10 }
}
