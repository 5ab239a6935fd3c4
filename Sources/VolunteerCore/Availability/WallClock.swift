import Foundation

/// A wall-clock time in a time zone, and the instants it names: one on most
/// days, none in a spring-forward gap, two in a fall-back hour.
public enum WallClock {
    public enum Reading: Equatable, Sendable {
        case exact(Date)
        /// The clocks jumped over it; `transition` is when they jumped.
        case skipped(transition: Date)
        /// The clocks went back through it: it happened twice.
        case repeated(earlier: Date, later: Date)

        /// The instant a window starting then starts: the first one, or the jump.
        public var earliest: Date {
            switch self {
            case .exact(let date), .skipped(let date), .repeated(let date, _): date
            }
        }

        /// The instant a window ending then ends: the last one, or the jump.
        public var latest: Date {
            switch self {
            case .exact(let date), .skipped(let date), .repeated(_, let date): date
            }
        }
    }

    /// `minute` (from midnight) of `date` in `zone`.
    public static func read(_ date: LocalDate, minute: Int, in zone: TimeZone) -> Reading {
        let local = date.daysSinceEpoch * 86_400 + minute * 60
        // Any offset the zone may have then is its offset a day either side
        // or at the moment itself (no zone changes twice in a day).
        let offsets = Set([-86_400, 0, 86_400].map { zone.secondsFromGMT(for: instant(local + $0)) })
        let candidates = offsets.map { local - $0 }.sorted()
        let valid = candidates.filter { zone.secondsFromGMT(for: instant($0)) == local - $0 }
        switch valid.count {
        case 0: return .skipped(transition: instant(transition(in: zone, after: candidates.first!, before: candidates.last!)))
        case 1: return .exact(instant(valid[0]))
        default: return .repeated(earlier: instant(valid.first!), later: instant(valid.last!))
        }
    }

    /// The first second at which the zone's offset differs from its offset at
    /// `start` (a gap lies between `start` and `end`, both in seconds since 1970).
    private static func transition(in zone: TimeZone, after start: Int, before end: Int) -> Int {
        let before = zone.secondsFromGMT(for: instant(start))
        var (low, high) = (start, end)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if zone.secondsFromGMT(for: instant(middle)) == before { low = middle } else { high = middle }
        }
        return high
    }

    private static func instant(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}

extension LocalDate {
    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Its day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        Weekday.allCases[((daysSinceEpoch % 7) + 7 + 3) % 7]
    }
}
