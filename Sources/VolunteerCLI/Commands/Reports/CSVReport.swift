import VolunteerCore

/// A report as one long table, `section,group,metric,week,previous` (`month`
/// or `quarter` for those reports),
/// for a spreadsheet or a script: raw numbers (hours, conversion as a share
/// from 0 to 1), `<3` for a hidden count, an empty cell for a missing one.
/// Totals are in group `(all)`.
enum CSVReport {
    static func header(_ kind: ReportSpan.Kind) -> [String] { ["section", "group", "metric", kind.rawValue, "previous"] }
    static let all = "(all)"

    static func render(_ report: WeeklyReport) -> String {
        let rows =
            [header(report.kind)] + about(report) + intake(report.intake) + funnel(report.funnel) + rejections(report.rejections)
            + conversionBySource(report.conversionBySource) + responseTimes(report.responseTimes)
            + waiting(report.waiting) + onboarding(report.onboarding) + capacity(report.capacity)
            + reveals(report.reveals) + audit(report.audit)
        return CSV.render(rows)
    }

    private static func about(_ report: WeeklyReport) -> [[String]] {
        [
            ["report", all, report.kind.rawValue, report.week, report.previousWeek],
            ["report", all, "first_day", report.firstDay.description, ""],
            ["report", all, "last_day", report.lastDay.description, ""],
            ["report", all, "time_zone", report.timeZone, ""],
            ["report", all, "generated_at", ReportValue.timestamp(report.generatedAt), ""],
            ["report", all, "small_counts_suppressed", String(report.smallCountsSuppressed), ""],
        ]
    }

    private static func intake(_ intake: WeeklyReport.Intake) -> [[String]] {
        [row("intake", all, "applications", intake.total)]
            + intake.byPosition.map { row("intake", $0.slug, "applications", $0.count) }
            + intake.bySource.map { row("intake_source", $0.group, "applications", $0.count) }
            + intake.openPositionsWithoutApplications.map {
                ["intake_open_without_applications", $0.slug, "applications_ever", $0.applicationsEver.description, ""]
            }
            + intake.lastTwelveWeeks.map { ["intake_per_week", $0.week, "applications", $0.count.description, ""] }
    }

    private static func funnel(_ funnel: WeeklyReport.Funnel) -> [[String]] {
        funnel.stages.flatMap { stage in
            [
                row("funnel", stage.stage, "reached", stage.reached),
                ["funnel", stage.stage, "conversion", share(stage.conversion), share(stage.previousConversion)],
                ["funnel", stage.stage, "reached_12_weeks", stage.lastTwelveWeeks.description, ""],
                ["funnel", stage.stage, "conversion_12_weeks", share(stage.lastTwelveWeeksConversion), ""],
            ]
        } + [row("funnel", "rejected", "reached", funnel.rejected), row("funnel", "withdrawn", "reached", funnel.withdrawn)]
    }

    private static func rejections(_ rejections: WeeklyReport.Rejections) -> [[String]] {
        rejections.byReason.map { row("rejections", $0.group, "applications", $0.count) }
    }

    /// Over 12 weeks, not beside the period before: in the first column.
    private static func conversionBySource(_ conversion: WeeklyReport.ConversionBySource) -> [[String]] {
        [
            ["conversion_by_source", all, "first_day", conversion.firstDay?.description ?? "", ""],
            ["conversion_by_source", all, "last_day", conversion.lastDay?.description ?? "", ""],
        ]
            + conversion.sources.flatMap { source in
                [
                    ["conversion_by_source", source.source, "applications", source.applications.description, ""],
                    ["conversion_by_source", source.source, "accepted", source.accepted.description, ""],
                    ["conversion_by_source", source.source, "conversion", share(source.conversion), ""],
                ]
            }
    }

    private static func responseTimes(_ times: WeeklyReport.ResponseTimes) -> [[String]] {
        [("first_response", times.firstResponse, times.previousFirstResponse), ("to_accept", times.toAccept, times.previousToAccept)]
            .flatMap { measure, week, previous in
                [
                    ["response_times", measure, "count", week.count.description, previous.count.description],
                    ["response_times", measure, "median_hours", hours(week.medianHours), hours(previous.medianHours)],
                    ["response_times", measure, "p90_hours", hours(week.p90Hours), hours(previous.p90Hours)],
                ]
            }
    }

    private static func waiting(_ waiting: WeeklyReport.Waiting) -> [[String]] {
        [row("waiting", all, "applications", waiting.total)]
            + waiting.byAssignee.map { row("waiting_by_assignee", ReportValue.assignee($0.assignee), "applications", $0.count) }
            + waiting.longest.flatMap { application in
                [
                    ["waiting_longest", application.id, "position", application.position, ""],
                    ["waiting_longest", application.id, "status", application.status, ""],
                    ["waiting_longest", application.id, "assignee", ReportValue.assignee(application.assignee), ""],
                    ["waiting_longest", application.id, "waiting_days", String(application.waitingDays), ""],
                ]
            }
    }

    private static func onboarding(_ onboarding: WeeklyReport.Onboarding) -> [[String]] {
        [
            row("onboarding", all, "started", onboarding.started),
            row("onboarding", all, "completed", onboarding.completed),
            row("onboarding", all, "overdue_tasks", onboarding.overdueTasks),
        ]
            + onboarding.overdueByAssignee.map {
                row("onboarding_overdue_by_assignee", ReportValue.taskAssignee($0.assignee), "overdue_tasks", $0.count)
            }
    }

    private static func capacity(_ capacity: WeeklyReport.Capacity) -> [[String]] {
        [
            ["capacity", all, "capacity_week", capacity.week, ""],
            ["capacity", all, "people", capacity.people.description, ""],
            ["capacity", all, "hours", hours(capacity.hours), ""],
        ]
            + capacity.bySkill.flatMap { skill in
                [
                    ["capacity_by_skill", skill.skill, "people", skill.people.description, ""],
                    ["capacity_by_skill", skill.skill, "hours", hours(skill.hours), ""],
                ]
            }
    }

    private static func reveals(_ reveals: WeeklyReport.Reveals) -> [[String]] {
        [row("reveals", all, "personal_data", reveals.total)]
            + reveals.byCoordinator.flatMap {
                [
                    row("reveals_by_coordinator", $0.coordinator, "personal_data", $0.personalData),
                    row("reveals_by_coordinator", $0.coordinator, "notes", $0.notes),
                ]
            }
    }

    private static func audit(_ audit: WeeklyReport.Audit) -> [[String]] {
        [
            ["audit", "chain", "verified", String(audit.verified), ""],
            ["audit", "chain", "problem", audit.problem ?? "", ""],
            ["audit", "chain", "verified_from", audit.verifiedFrom, ""],
            ["audit", "chain", "through_week_end", String(audit.throughWeekEnd), ""],
            ["audit", "chain", "verified_events", String(audit.verifiedEvents), ""],
            ["audit", "chain", "unsealed_events", String(audit.unsealedEvents), ""],
            ["audit", "head", "position", audit.head.map { String($0.position) } ?? "", ""],
            ["audit", "head", "sequence", audit.head.map { String($0.sequence) } ?? "", ""],
            ["audit", "head", "hash", audit.head?.hash ?? "", ""],
        ]
    }

    private static func row(_ section: String, _ group: String, _ metric: String, _ figures: WeekOnWeek) -> [String] {
        [section, group, metric, figures.week.description, figures.previous.description]
    }

    private static func share(_ fraction: Double?) -> String { fraction.map { ReportValue.plain($0, decimals: 3) } ?? "" }

    private static func hours(_ hours: Double?) -> String { hours.map { ReportValue.plain($0, decimals: 2) } ?? "" }
}
