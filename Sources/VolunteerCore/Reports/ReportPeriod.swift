import Foundation

/// What a report is about: an ISO week (`2026-W48`), a calendar month
/// (`2026-11`) or a quarter (`2026-Q4`).
public enum ReportSpan: Sendable, Hashable, CustomStringConvertible {
    case week(ISOWeek)
    case month(year: Int, month: Int)
    case quarter(year: Int, quarter: Int)

    public enum Kind: String, Sendable, CaseIterable, Encodable {
        case week, month, quarter
    }

    public var kind: Kind {
        switch self {
        case .week: .week
        case .month: .month
        case .quarter: .quarter
        }
    }

    /// `2026-11`; nil for anything else.
    public static func month(_ text: String) -> ReportSpan? {
        guard let (year, month) = yearAnd(text, separator: "-", digits: 2), (1...12).contains(month) else { return nil }
        return .month(year: year, month: month)
    }

    /// `2026-Q4` (or `2026-q4`); nil for anything else.
    public static func quarter(_ text: String) -> ReportSpan? {
        guard let (year, quarter) = yearAnd(text.uppercased(), separator: "-Q", digits: 1), (1...4).contains(quarter) else {
            return nil
        }
        return .quarter(year: year, quarter: quarter)
    }

    /// Four digits for the year, the separator, `digits` digits.
    private static func yearAnd(_ text: String, separator: String, digits: Int) -> (Int, Int)? {
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == digits,
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }),
            let year = Int(parts[0]), let number = Int(parts[1]), (2000...2100).contains(year)
        else { return nil }
        return (year, number)
    }

    /// The span `count` later (earlier, for a negative count).
    public func adding(_ count: Int) -> ReportSpan {
        switch self {
        case .week(let week):
            return .week(week.adding(weeks: count))
        case .month(let year, let month):
            let index = year * 12 + month - 1 + count
            return .month(year: index / 12, month: index % 12 + 1)
        case .quarter(let year, let quarter):
            let index = year * 4 + quarter - 1 + count
            return .quarter(year: index / 4, quarter: index % 4 + 1)
        }
    }

    public var firstDay: LocalDate {
        switch self {
        case .week(let week): week.monday
        case .month(let year, let month): LocalDate(String(format: "%04d-%02d-01", year, month))!
        case .quarter(let year, let quarter): LocalDate(String(format: "%04d-%02d-01", year, quarter * 3 - 2))!
        }
    }

    public var description: String {
        switch self {
        case .week(let week): week.description
        case .month(let year, let month): String(format: "%04d-%02d", year, month)
        case .quarter(let year, let quarter): String(format: "%04d-Q%d", year, quarter)
        }
    }

    /// The last complete span of `kind` before `now`, by the calendar in `zone`.
    public static func lastComplete(_ kind: Kind, before now: Date, in zone: TimeZone) -> ReportSpan {
        let today = LocalDate.of(now, in: zone)
        return switch kind {
        case .week: .week(ISOWeek.containing(today)).adding(-1)
        case .month: .month(year: today.year, month: today.month).adding(-1)
        case .quarter: .quarter(year: today.year, quarter: (today.month + 2) / 3).adding(-1)
        }
    }
}

/// The instants a report counts between: its span's first day at midnight
/// in the organisation's time zone to the next span's, so a week of 167 or
/// 169 hours around a clock change is still that week, and a month is its
/// days there whatever the offset did.
public struct ReportPeriod: Sendable, Equatable {
    public let span: ReportSpan
    public let timeZone: TimeZone
    /// The zone as the organisation named it: Foundation names UTC "GMT".
    public let timeZoneName: String
    /// The start of each of the 12 spans of its kind ending with `span`, then its end: 13 instants.
    public let boundaries: [Date]
    /// 12 weeks (84 days there) before the end: conversion by source counts
    /// the applications submitted since.
    public let conversionStart: Date

    public init(span: ReportSpan, timeZone: TimeZone, named name: String? = nil) {
        self.span = span
        self.timeZone = timeZone
        self.timeZoneName = name ?? timeZone.identifier
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func midnight(_ day: LocalDate) -> Date {
            // A zone that springs forward at midnight starts that day at 01:00.
            calendar.startOfDay(for: calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))!)
        }
        boundaries = (-11...1).map { midnight(span.adding($0).firstDay) }
        conversionStart = midnight(span.adding(1).firstDay.adding(days: -84))
    }

    public init(week: ISOWeek, timeZone: TimeZone, named name: String? = nil) {
        self.init(span: .week(week), timeZone: timeZone, named: name)
    }

    /// The last complete week before `now`, by the calendar in `timeZone`.
    public static func lastCompleteWeek(before now: Date, in timeZone: TimeZone) -> ISOWeek {
        ISOWeek.containing(LocalDate.of(now, in: timeZone)).adding(weeks: -1)
    }

    public var kind: ReportSpan.Kind { span.kind }
    public var start: Date { boundaries[11] }
    public var end: Date { boundaries[12] }
    public var previousStart: Date { boundaries[10] }
    /// The start of the 12 spans the trends cover.
    public var trendStart: Date { boundaries[0] }
    /// The 12 spans ending with this one, oldest first.
    public var spans: [ReportSpan] { (-11...0).map { span.adding($0) } }
    public var firstDay: LocalDate { span.firstDay }
    public var lastDay: LocalDate { endDay.adding(days: -1) }
    /// The day after the last: the next span's first.
    public var endDay: LocalDate { span.adding(1).firstDay }
    /// The first whole ISO week after the period: the week after a week's.
    public var capacityWeek: ISOWeek { ISOWeek.containing(endDay.adding(days: 6)) }
}
