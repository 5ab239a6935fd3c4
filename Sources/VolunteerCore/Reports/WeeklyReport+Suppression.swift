extension WeeklyReport {
    /// The same report with every count of one or two shown as `<3`, and
    /// whatever could be worked back to such a count (a change, a conversion,
    /// a median, hours) left out. Ids and assignees of waiting applications
    /// stay: they name applications and coordinators, not applicants.
    public func suppressingSmallCounts() -> WeeklyReport {
        var report = self
        report.smallCountsSuppressed = true
        report.intake.total.suppress()
        for index in report.intake.byPosition.indices { report.intake.byPosition[index].count.suppress() }
        for index in report.intake.bySource.indices { report.intake.bySource[index].count.suppress() }
        for index in report.intake.openPositionsWithoutApplications.indices {
            report.intake.openPositionsWithoutApplications[index].applicationsEver = report.intake.openPositionsWithoutApplications[index]
                .applicationsEver.suppressed()
        }
        for index in report.intake.lastTwelveWeeks.indices {
            report.intake.lastTwelveWeeks[index].count = report.intake.lastTwelveWeeks[index].count.suppressed()
        }
        for index in report.funnel.stages.indices {
            report.funnel.stages[index].reached.suppress()
            report.funnel.stages[index].lastTwelveWeeks = report.funnel.stages[index].lastTwelveWeeks.suppressed()
        }
        report.funnel.stages = Funnel.withConversions(report.funnel.stages)
        report.funnel.rejected.suppress()
        report.funnel.withdrawn.suppress()
        for index in report.rejections.byReason.indices { report.rejections.byReason[index].count.suppress() }
        for index in report.conversionBySource.sources.indices {
            var source = report.conversionBySource.sources[index]
            source.applications = source.applications.suppressed()
            source.accepted = source.accepted.suppressed()
            source.conversion = Funnel.share(source.accepted, of: source.applications)
            report.conversionBySource.sources[index] = source
        }
        report.responseTimes.firstResponse.suppress()
        report.responseTimes.previousFirstResponse.suppress()
        report.responseTimes.toAccept.suppress()
        report.responseTimes.previousToAccept.suppress()
        report.waiting.total.suppress()
        for index in report.waiting.byAssignee.indices { report.waiting.byAssignee[index].count.suppress() }
        report.onboarding.started.suppress()
        report.onboarding.completed.suppress()
        report.onboarding.overdueTasks.suppress()
        for index in report.onboarding.overdueByAssignee.indices { report.onboarding.overdueByAssignee[index].count.suppress() }
        report.capacity.suppress()
        report.reveals.total.suppress()
        for index in report.reveals.byCoordinator.indices {
            report.reveals.byCoordinator[index].personalData.suppress()
            report.reveals.byCoordinator[index].notes.suppress()
        }
        return report
    }
}

extension WeekOnWeek {
    mutating func suppress() {
        week = week.suppressed()
        previous = previous.suppressed()
    }
}

extension WeeklyReport.DurationSummary {
    mutating func suppress() {
        count = count.suppressed()
        if count.isSuppressed { (medianHours, p90Hours) = (nil, nil) }
    }
}

extension WeeklyReport.Capacity {
    mutating func suppress() {
        people = people.suppressed()
        if people.isSuppressed { hours = nil }
        for index in bySkill.indices {
            bySkill[index].people = bySkill[index].people.suppressed()
            if bySkill[index].people.isSuppressed { bySkill[index].hours = nil }
        }
    }
}

extension WeeklyReport.Funnel {
    /// `stages` with each one's share of the stage before it.
    public static func withConversions(_ stages: [WeeklyReport.FunnelStage]) -> [WeeklyReport.FunnelStage] {
        var converted = stages
        for index in converted.indices.dropFirst() {
            let (before, stage) = (stages[index - 1], stages[index])
            converted[index].conversion = share(stage.reached.week, of: before.reached.week)
            converted[index].previousConversion = share(stage.reached.previous, of: before.reached.previous)
            converted[index].lastTwelveWeeksConversion = share(stage.lastTwelveWeeks, of: before.lastTwelveWeeks)
        }
        return converted
    }

    /// Rounded to a tenth of a percent.
    static func share(_ part: Tally, of whole: Tally) -> Double? {
        guard !part.isSuppressed, !whole.isSuppressed, whole.count > 0 else { return nil }
        return (Double(part.count) / Double(whole.count) * 1000).rounded() / 1000
    }
}
