import Foundation

/// When someone can work, in their own time zone: weekly windows, a cap on
/// hours per week, and dates when they cannot (holidays, exams, unreachable).
/// Not personal data: it stays in plain columns for matching.
public struct Availability: Sendable, Equatable, Codable {
    public var hoursPerWeek: Double?
    public var windows: [WeeklyWindow]
    public var blackouts: [Blackout]

    public static let maximumWindows = 50
    public static let maximumBlackouts = 50

    public init(hoursPerWeek: Double? = nil, windows: [WeeklyWindow] = [], blackouts: [Blackout] = []) {
        self.hoursPerWeek = hoursPerWeek
        self.windows = windows
        self.blackouts = blackouts
    }

    /// Every rule broken, with `prefix` before each field name.
    public func problems(prefix: String = "availability") -> [FieldProblem] {
        let prefix = prefix.isEmpty ? "" : prefix + "."
        var problems: [FieldProblem] = []
        if let hours = hoursPerWeek, !WeeklyHours.allows(hours) {
            problems.append(FieldProblem("\(prefix)hours_per_week", WeeklyHours.rule))
        }
        if windows.count > Self.maximumWindows {
            problems.append(FieldProblem("\(prefix)windows", "at most \(Self.maximumWindows) windows"))
        }
        if blackouts.count > Self.maximumBlackouts {
            problems.append(FieldProblem("\(prefix)blackouts", "at most \(Self.maximumBlackouts) blackout periods"))
        }
        for (index, window) in windows.enumerated() where window.start == window.end {
            problems.append(FieldProblem("\(prefix)windows[\(index)]", "is empty: start and end are the same time"))
        }
        for (first, second) in overlappingWindows() {
            problems.append(FieldProblem("\(prefix)windows[\(second)]", "overlaps windows[\(first)]"))
        }
        for (index, blackout) in blackouts.enumerated() where blackout.to < blackout.from {
            problems.append(FieldProblem("\(prefix)blackouts[\(index)].to", "is before from"))
        }
        return problems
    }

    /// Pairs of window indexes that share a minute of the week.
    func overlappingWindows() -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        let ranges = windows.map { $0.minutesOfWeek }
        for second in ranges.indices {
            for first in 0..<second where ranges[first].contains(where: { a in ranges[second].contains { $0.overlaps(a) } }) {
                pairs.append((first, second))
                break
            }
        }
        return pairs
    }
}

public enum Weekday: String, Sendable, Codable, CaseIterable {
    case mon, tue, wed, thu, fri, sat, sun

    public var index: Int { Self.allCases.firstIndex(of: self)! }
}

/// A time of day to the minute, written `HH:MM`.
public struct TimeOfDay: Sendable, Equatable, Comparable, TextCodable {
    public let minutes: Int

    public init?(minutes: Int) {
        guard (0..<1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// `HH:MM`, 00:00 to 23:59.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
            [bytes[0], bytes[1], bytes[3], bytes[4]].allSatisfy(\.isASCIIDigit)
        else { return nil }
        let hours = bytes[0].digitValue * 10 + bytes[1].digitValue
        let minutes = bytes[3].digitValue * 10 + bytes[4].digitValue
        guard hours < 24, minutes < 60 else { return nil }
        self.minutes = hours * 60 + minutes
    }

    public var description: String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }
}

/// From `start` on `day` to `end`; an end before the start is on the
/// next day (a window may cross midnight, and Sunday night into Monday); an
/// end equal to the start is an empty window, which the rules refuse.
public struct WeeklyWindow: Sendable, Equatable, Codable {
    public var day: Weekday
    public var start: TimeOfDay
    public var end: TimeOfDay

    public init(day: Weekday, start: TimeOfDay, end: TimeOfDay) {
        self.day = day
        self.start = start
        self.end = end
    }

    public var durationMinutes: Int {
        end > start ? end.minutes - start.minutes : 1440 - start.minutes + end.minutes
    }

    /// Minutes of the week (Monday 00:00 = 0) it covers, split at the week's end.
    var minutesOfWeek: [Range<Int>] {
        let from = day.index * 1440 + start.minutes
        let to = from + durationMinutes
        let week = 7 * 1440
        return to <= week ? [from..<to] : [from..<week, 0..<(to - week)]
    }
}

/// Whole days, inclusive, in the person's time zone.
public struct Blackout: Sendable, Equatable, Codable {
    public var from: LocalDate
    public var to: LocalDate

    public init(from: LocalDate, to: LocalDate) {
        self.from = from
        self.to = to
    }
}

/// A calendar date without a time zone, written `YYYY-MM-DD`.
public struct LocalDate: Sendable, Equatable, Comparable, TextCodable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// `YYYY-MM-DD`, a day that exists.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes.indices.allSatisfy({ $0 == 4 || $0 == 7 || bytes[$0].isASCIIDigit })
        else { return nil }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + $1.digitValue } }
        let year = number(0..<4)
        let month = number(5..<7)
        let day = number(8..<10)
        guard (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// The date `days` later (or earlier, for a negative count).
    public func adding(days: Int) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        let parts = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: start)!)
        return LocalDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A value written as text in JSON (`"18:00"`, `"2026-12-24"`).
public protocol TextCodable: Codable, CustomStringConvertible {
    init?(_ text: String)
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a \(Self.self)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
