import Foundation

/// The instants a weekly report counts between: Mondays at midnight in the
/// organisation's time zone, so a week of 167 or 169 hours around a clock
/// change is still that week.
public struct ReportPeriod: Sendable, Equatable {
    public let week: ISOWeek
    public let timeZone: TimeZone
    /// The zone as the organisation named it: Foundation names UTC "GMT".
    public let timeZoneName: String
    /// The start of each of the 12 weeks ending with `week`, then its end: 13 instants.
    public let boundaries: [Date]

    public init(week: ISOWeek, timeZone: TimeZone, named name: String? = nil) {
        self.week = week
        self.timeZone = timeZone
        self.timeZoneName = name ?? timeZone.identifier
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        boundaries = (-11...1).map { offset in
            let monday = week.adding(weeks: offset).monday
            // A zone that springs forward at midnight starts that Monday at 01:00.
            return calendar.startOfDay(
                for: calendar.date(from: DateComponents(year: monday.year, month: monday.month, day: monday.day, hour: 12))!)
        }
    }

    /// The last complete week before `now`, by the calendar in `timeZone`.
    public static func lastCompleteWeek(before now: Date, in timeZone: TimeZone) -> ISOWeek {
        ISOWeek.containing(LocalDate.of(now, in: timeZone)).adding(weeks: -1)
    }

    public var start: Date { boundaries[11] }
    public var end: Date { boundaries[12] }
    public var previousStart: Date { boundaries[10] }
    public var twelveWeeksStart: Date { boundaries[0] }
    public var weeks: [ISOWeek] { (-11...0).map { week.adding(weeks: $0) } }
}
