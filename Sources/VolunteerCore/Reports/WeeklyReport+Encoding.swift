import Foundation

/// A report's JSON names its period by kind: `week` and `previous_week`,
/// `{"week": 5, "previous": 3}` and `last_twelve_weeks` in a weekly report;
/// `month`, `{"month": 5, …}`, `last_twelve_months` in a monthly one. The
/// encoder's `userInfo[.reportKind]` says which (a week when unset), so a
/// pair of counts deep in a report is written as its report's kind.
extension CodingUserInfoKey {
    public static let reportKind = CodingUserInfoKey(rawValue: "vtrack.reportKind")!
}

extension ReportSpan.Kind {
    /// `weeks`, `months`, `quarters`.
    public var plural: String { rawValue + "s" }

    fileprivate var capitalized: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    fileprivate static func of(_ encoder: any Encoder) -> ReportSpan.Kind {
        encoder.userInfo[.reportKind] as? ReportSpan.Kind ?? .week
    }
}

private struct ReportKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { nil }
}

extension WeeklyReport {
    public func encode(to encoder: any Encoder) throws {
        let kind = ReportSpan.Kind.of(encoder)
        var container = encoder.container(keyedBy: ReportKey.self)
        try container.encode(week, forKey: ReportKey(kind.rawValue))
        try container.encode(previousWeek, forKey: ReportKey("previous\(kind.capitalized)"))
        try container.encode(timeZone, forKey: ReportKey("timeZone"))
        try container.encode(firstDay, forKey: ReportKey("firstDay"))
        try container.encode(lastDay, forKey: ReportKey("lastDay"))
        try container.encode(generatedAt, forKey: ReportKey("generatedAt"))
        try container.encode(smallCountsSuppressed, forKey: ReportKey("smallCountsSuppressed"))
        try container.encode(intake, forKey: ReportKey("intake"))
        try container.encode(funnel, forKey: ReportKey("funnel"))
        try container.encode(rejections, forKey: ReportKey("rejections"))
        try container.encode(conversionBySource, forKey: ReportKey("conversionBySource"))
        try container.encode(responseTimes, forKey: ReportKey("responseTimes"))
        try container.encode(waiting, forKey: ReportKey("waiting"))
        try container.encode(onboarding, forKey: ReportKey("onboarding"))
        try container.encode(capacity, forKey: ReportKey("capacity"))
        try container.encode(reveals, forKey: ReportKey("reveals"))
        try container.encode(audit, forKey: ReportKey("audit"))
    }
}

extension WeekOnWeek {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ReportKey.self)
        try container.encode(week, forKey: ReportKey(ReportSpan.Kind.of(encoder).rawValue))
        try container.encode(previous, forKey: ReportKey("previous"))
    }
}

extension WeeklyReport.Intake {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ReportKey.self)
        try container.encode(total, forKey: ReportKey("total"))
        try container.encode(byPosition, forKey: ReportKey("byPosition"))
        try container.encode(bySource, forKey: ReportKey("bySource"))
        try container.encode(openPositionsWithoutApplications, forKey: ReportKey("openPositionsWithoutApplications"))
        try container.encode(lastTwelveWeeks, forKey: ReportKey("lastTwelve\(ReportSpan.Kind.of(encoder).capitalized)s"))
    }
}

extension WeeklyReport.WeekCount {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ReportKey.self)
        try container.encode(week, forKey: ReportKey(ReportSpan.Kind.of(encoder).rawValue))
        try container.encode(count, forKey: ReportKey("count"))
    }
}

extension WeeklyReport.FunnelStage {
    public func encode(to encoder: any Encoder) throws {
        let twelve = "lastTwelve\(ReportSpan.Kind.of(encoder).capitalized)s"
        var container = encoder.container(keyedBy: ReportKey.self)
        try container.encode(stage, forKey: ReportKey("stage"))
        try container.encode(reached, forKey: ReportKey("reached"))
        try container.encode(lastTwelveWeeks, forKey: ReportKey(twelve))
        try container.encodeIfPresent(conversion, forKey: ReportKey("conversion"))
        try container.encodeIfPresent(previousConversion, forKey: ReportKey("previousConversion"))
        try container.encodeIfPresent(lastTwelveWeeksConversion, forKey: ReportKey(twelve + "Conversion"))
    }
}
