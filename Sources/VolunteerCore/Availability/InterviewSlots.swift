import Foundation

/// One person's weekly availability, read in their own time zone, and the
/// times they are already taken.
public struct PersonSchedule: Sendable {
    public var zone: TimeZone
    public var windows: [WeeklyWindow]
    public var blackouts: [Blackout]
    public var busy: [DateInterval]

    public init(zone: TimeZone, windows: [WeeklyWindow], blackouts: [Blackout] = [], busy: [DateInterval] = []) {
        self.zone = zone
        self.windows = windows
        self.blackouts = blackouts
        self.busy = busy
    }

    /// When they are free between `from` and `to`: their windows on each
    /// local date (real instants, so a window across a spring-forward jump is
    /// shorter and one across a fall-back hour longer), less whole blackout
    /// days and busy times. Sorted, merged.
    public func free(from: Date, to: Date) -> [DateInterval] {
        var open: [DateInterval] = []
        // The day before too: its windows may run past midnight into the range.
        var day = LocalDate.of(from, in: zone).adding(days: -1)
        let last = LocalDate.of(to, in: zone)
        while day <= last {
            for window in windows where window.day == day.weekday {
                let start = WallClock.read(day, minute: window.start.minutes, in: zone).earliest
                let endDay = window.end > window.start ? day : day.adding(days: 1)
                let end = WallClock.read(endDay, minute: window.end.minutes, in: zone).latest
                let clipped = (max(start, from), min(end, to))
                if clipped.0 < clipped.1 { open.append(DateInterval(start: clipped.0, end: clipped.1)) }
            }
            day = day.adding(days: 1)
        }
        let away = blackouts.map {
            DateInterval(
                start: WallClock.read($0.from, minute: 0, in: zone).earliest,
                end: WallClock.read($0.to.adding(days: 1), minute: 0, in: zone).earliest)
        }
        return Intervals.subtract(Intervals.merge(open), Intervals.merge(away + busy))
    }
}

/// Interview times that suit two people.
public enum InterviewSlots {
    /// Starts, every `step` minutes (aligned to the hour in any zone whose
    /// offset is a multiple of it), of `minutes`-long times within `from` to
    /// `to` when both are free. At most `limit`.
    public static func propose(
        _ first: PersonSchedule, _ second: PersonSchedule, from: Date, to: Date, minutes: Int, step: Int = 15, limit: Int = 500
    ) -> [DateInterval] {
        precondition(minutes > 0 && step > 0)
        let both = Intervals.intersect(first.free(from: from, to: to), second.free(from: from, to: to))
        let (length, stride) = (TimeInterval(minutes * 60), TimeInterval(step * 60))
        var slots: [DateInterval] = []
        for interval in both {
            var start = (interval.start.timeIntervalSince1970 / stride).rounded(.up) * stride
            while start + length <= interval.end.timeIntervalSince1970, slots.count < limit {
                slots.append(DateInterval(start: Date(timeIntervalSince1970: start), duration: length))
                start += stride
            }
        }
        return slots
    }
}

/// Sorted lists of disjoint half-open intervals.
public enum Intervals {
    public static func merge(_ intervals: [DateInterval]) -> [DateInterval] {
        var merged: [DateInterval] = []
        for interval in intervals.sorted(by: { $0.start < $1.start }) where interval.duration > 0 {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1] = DateInterval(start: last.start, end: max(last.end, interval.end))
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    public static func intersect(_ first: [DateInterval], _ second: [DateInterval]) -> [DateInterval] {
        var (i, j, result) = (0, 0, [DateInterval]())
        while i < first.count, j < second.count {
            let start = max(first[i].start, second[j].start)
            let end = min(first[i].end, second[j].end)
            if start < end { result.append(DateInterval(start: start, end: end)) }
            if first[i].end < second[j].end { i += 1 } else { j += 1 }
        }
        return result
    }

    /// `intervals` less `taken` (both merged).
    public static func subtract(_ intervals: [DateInterval], _ taken: [DateInterval]) -> [DateInterval] {
        var result: [DateInterval] = []
        for interval in intervals {
            var start = interval.start
            for cut in taken where cut.end > start && cut.start < interval.end {
                if cut.start > start { result.append(DateInterval(start: start, end: cut.start)) }
                start = max(start, cut.end)
            }
            if start < interval.end { result.append(DateInterval(start: start, end: interval.end)) }
        }
        return result
    }
}
