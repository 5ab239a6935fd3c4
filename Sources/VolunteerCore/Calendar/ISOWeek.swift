import Foundation

/// `2026-W49`: a Monday-to-Sunday week as ISO 8601 numbers them.
public struct ISOWeek: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let week: Int

    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-W")
        guard parts.count == 2, parts[1].count == 2, let year = Int(parts[0]), let week = Int(parts[1]),
            (1...53).contains(week), (2000...2100).contains(year)
        else { return nil }
        self.year = year
        self.week = week
        guard Self.calendar.date(from: components) != nil, ISOWeek.containing(monday) == self else { return nil }
    }

    private init(year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private var components: DateComponents {
        DateComponents(weekday: 2, weekOfYear: week, yearForWeekOfYear: year)
    }

    public var monday: LocalDate {
        let date = Self.calendar.date(from: components)!
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: date)
        return LocalDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!
    }

    /// The week `day` falls in.
    public static func containing(_ day: LocalDate) -> ISOWeek {
        let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        return ISOWeek(year: parts.yearForWeekOfYear!, week: parts.weekOfYear!)
    }

    /// The week `count` weeks later (earlier, for a negative count).
    public func adding(weeks count: Int) -> ISOWeek {
        ISOWeek.containing(monday.adding(days: 7 * count))
    }

    /// The week `instant` falls in, by the calendar date in `zone`: near
    /// midnight between Sunday and Monday, Prague is a week ahead of UTC.
    public static func containing(_ instant: Date, in zone: TimeZone) -> ISOWeek {
        containing(LocalDate.of(instant, in: zone))
    }

    public var description: String { String(format: "%04d-W%02d", year, week) }

    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool { (lhs.year, lhs.week) < (rhs.year, rhs.week) }
}

extension LocalDate {
    /// The calendar date at `instant` in `zone`.
    public static func of(_ instant: Date, in zone: TimeZone) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return LocalDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!
    }
}
