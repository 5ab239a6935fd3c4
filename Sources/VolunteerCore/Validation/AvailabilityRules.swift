/// Availability as people write it, through the API or in a file:
/// `{"hours_per_week": 10, "windows": [{"day": "tue", "start": "18:00", "end": "21:00"}],
///   "blackouts": [{"from": "2026-12-24", "to": "2027-01-02"}]}`.
/// The CLI's flags are read into the same shape and through here.
public enum AvailabilityRules {
    public static let dayRule = "must be one of \(Weekday.allCases.map(\.rawValue).joined(separator: ", "))"
    public static let timeRule = "must be a time of day as HH:MM, 00:00 to 23:59"
    public static let dateRule = "must be a date as YYYY-MM-DD"

    /// Nil, with the problems noted, when any rule is broken.
    public static func read(_ reader: FieldReader) -> Availability? {
        let problems = reader.problems
        let before = problems.problems.count
        reader.refuseUnknown(allowing: ["hours_per_week", "windows", "blackouts"])
        let hours = reader.number("hours_per_week")
        var windows: [WeeklyWindow] = []
        for window in reader.objects("windows", count: 0...Availability.maximumWindows) ?? [] {
            window.refuseUnknown(allowing: ["day", "start", "end"])
            let day = window.parsed("day", required: true, length: 1...64, rule: dayRule, Weekday.init(rawValue:))
            let start = window.parsed("start", required: true, length: 1...5, rule: timeRule, TimeOfDay.init)
            let end = window.parsed("end", required: true, length: 1...5, rule: timeRule, TimeOfDay.init)
            if let day, let start, let end { windows.append(WeeklyWindow(day: day, start: start, end: end)) }
        }
        var blackouts: [Blackout] = []
        for period in reader.objects("blackouts", count: 0...Availability.maximumBlackouts) ?? [] {
            period.refuseUnknown(allowing: ["from", "to"])
            let from = period.parsed("from", required: true, length: 1...10, rule: dateRule, LocalDate.init)
            let to = period.parsed("to", required: true, length: 1...10, rule: dateRule, LocalDate.init)
            if let from, let to { blackouts.append(Blackout(from: from, to: to)) }
        }
        guard problems.problems.count == before else { return nil }
        let availability = Availability(hoursPerWeek: hours, windows: windows, blackouts: blackouts)
        let broken = availability.problems(prefix: reader.path)
        problems.add(broken)
        return broken.isEmpty ? availability : nil
    }
}
