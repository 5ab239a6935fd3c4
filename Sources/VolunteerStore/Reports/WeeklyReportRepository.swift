import Foundation
import PostgresNIO
import VolunteerCore

/// Reads a weekly report's figures; each section is one or two set-based
/// queries, and the sections run side by side on their own connections.
public struct WeeklyReportRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// `anchor`: the head an earlier report published, and that report's
    /// week; the chain is then verified from there rather than from the start.
    public func report(for period: ReportPeriod, generatedAt: Date, anchor: (week: String, head: ChainAnchor)?) async throws -> WeeklyReport
    {
        async let intake = intake(period)
        async let funnel = funnel(period)
        async let rejections = rejections(period)
        async let conversionBySource = conversionBySource(period)
        async let responseTimes = responseTimes(period)
        async let waiting = waiting(period)
        async let onboarding = onboarding(period)
        async let capacity = capacity(period)
        async let reveals = RevealCounts(database: database).weekOnWeek(period)
        async let audit = audit(period, from: anchor)
        let intakeFigures = try await intake
        var report = WeeklyReport(
            week: period.span.description, timeZone: period.timeZoneName,
            firstDay: period.firstDay, lastDay: period.lastDay,
            previousWeek: period.span.adding(-1).description, generatedAt: generatedAt,
            intake: intakeFigures, funnel: try await funnel, responseTimes: try await responseTimes,
            waiting: try await waiting, onboarding: try await onboarding, capacity: try await capacity,
            reveals: try await reveals, audit: try await audit, kind: period.kind,
            rejections: try await rejections, conversionBySource: try await conversionBySource
        )
        report.funnel.stages = WeeklyReport.Funnel.withConversions(
            [
                WeeklyReport.FunnelStage(
                    stage: "submitted", reached: intakeFigures.total,
                    lastTwelveWeeks: Tally(intakeFigures.lastTwelveWeeks.reduce(0) { $0 + $1.count.count })
                )
            ] + report.funnel.stages
        )
        return report
    }

    func capacity(_ period: ReportPeriod) async throws -> WeeklyReport.Capacity {
        let week = period.capacityWeek
        let (total, bySkill) = try await AvailabilityRepository(database: database)
            .capacityWithTotal(weekStarting: week.monday, by: .skill, MatchQuery())
        return WeeklyReport.Capacity(
            week: week.description, people: total.people, hours: total.hours,
            bySkill: bySkill.map { WeeklyReport.SkillCapacity(skill: $0.group, people: $0.people, hours: $0.hours) }
        )
    }

    /// The chain as it was at the week's end: from the anchor (or the start)
    /// to the link of the last event before the week ended, so a report
    /// publishes the same head whenever it is run, and each week's report
    /// walks the links of its own week. If that event is not sealed yet, to
    /// the chain's head.
    func audit(_ period: ReportPeriod, from anchor: (week: String, head: ChainAnchor)?) async throws -> WeeklyReport.Audit {
        let weekEnd = try await database.client.query(
            """
            SELECT c.position FROM event_chain c
            WHERE c.seq = (SELECT e.seq FROM events e WHERE e.occurred_at < \(period.end)
                           ORDER BY e.occurred_at DESC, e.seq DESC LIMIT 1)
            """,
            logger: database.logger
        ).collect().first?.decode(Int64.self)
        let verification = try await EventChainVerifier(database: database).verify(from: anchor?.head, through: weekEnd)
        return WeeklyReport.Audit(
            verified: verification.isIntact,
            problem: verification.problem.map { "event \($0.sequence): \($0.reason)" },
            verifiedFrom: anchor?.week ?? "start", throughWeekEnd: weekEnd != nil,
            verifiedEvents: verification.verified, unsealedEvents: verification.unsealed,
            head: verification.head.map {
                WeeklyReport.ChainHead(position: $0.position, sequence: $0.sequence, hash: $0.hash.hexString)
            }
        )
    }
}
