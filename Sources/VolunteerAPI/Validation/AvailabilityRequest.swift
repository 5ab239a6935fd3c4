import VolunteerCore

/// `availability` as applicants send it:
/// `{"hours_per_week": 10, "windows": [{"day": "tue", "start": "18:00", "end": "21:00"}],
///   "blackouts": [{"from": "2026-12-24", "to": "2027-01-02"}]}`.
enum AvailabilityRequest {
    static func read(_ reader: FieldReader) -> Availability? {
        let problems = reader.problems
        let before = problems.problems.count
        reader.refuseUnknown(allowing: ["hours_per_week", "windows", "blackouts"])
        let hours = reader.number("hours_per_week")
        var windows: [WeeklyWindow] = []
        for (index, item) in (reader.array("windows", count: 0...Availability.maximumWindows) ?? []).enumerated() {
            guard let window = FieldReader(item, path: "\(reader.name("windows"))[\(index)]", problems: problems) else { continue }
            window.refuseUnknown(allowing: ["day", "start", "end"])
            let day = window.string("day", required: true, length: 3...3).flatMap { text in
                Weekday(rawValue: text) ?? {
                    problems.add(window.name("day"), "must be one of mon, tue, wed, thu, fri, sat, sun")
                    return nil
                }()
            }
            let start = time(window, "start")
            let end = time(window, "end")
            if let day, let start, let end { windows.append(WeeklyWindow(day: day, start: start, end: end)) }
        }
        var blackouts: [Blackout] = []
        for (index, item) in (reader.array("blackouts", count: 0...Availability.maximumBlackouts) ?? []).enumerated() {
            guard let period = FieldReader(item, path: "\(reader.name("blackouts"))[\(index)]", problems: problems) else { continue }
            period.refuseUnknown(allowing: ["from", "to"])
            if let from = date(period, "from"), let to = date(period, "to") { blackouts.append(Blackout(from: from, to: to)) }
        }
        guard problems.problems.count == before else { return nil }
        let availability = Availability(hoursPerWeek: hours, windows: windows, blackouts: blackouts)
        let broken = availability.problems(prefix: reader.path)
        problems.add(broken)
        return broken.isEmpty ? availability : nil
    }

    private static func time(_ reader: FieldReader, _ key: String) -> TimeOfDay? {
        guard let text = reader.string(key, required: true, length: 1...5) else { return nil }
        guard let time = TimeOfDay(text) else {
            reader.problems.add(reader.name(key), "must be a time of day as HH:MM, 00:00 to 23:59")
            return nil
        }
        return time
    }

    private static func date(_ reader: FieldReader, _ key: String) -> LocalDate? {
        guard let text = reader.string(key, required: true, length: 1...10) else { return nil }
        guard let date = LocalDate(text) else {
            reader.problems.add(reader.name(key), "must be a date as YYYY-MM-DD")
            return nil
        }
        return date
    }
}
