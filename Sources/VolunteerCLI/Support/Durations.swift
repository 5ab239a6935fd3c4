import ArgumentParser
import Foundation
import VolunteerCore

/// `7d`, `36h`, `2w`, `90m`: how long, as people type it.
struct TypedDuration: ExpressibleByArgument, Sendable {
    let seconds: TimeInterval

    init?(argument: String) {
        let text = argument.trimmed.lowercased()
        guard let unit = text.last, let count = Double(text.dropLast()), count >= 0 else { return nil }
        let scale: Double? =
            switch unit {
            case "m": 60
            case "h": 3600
            case "d": 86_400
            case "w": 604_800
            default: nil
            }
        guard let scale else { return nil }
        seconds = count * scale
    }

    static var defaultCompletionKind: CompletionKind { .list(["1d", "7d", "2w"]) }
}

/// `--since`: a date (`2026-11-01`) or a duration ago (`30d`).
struct SinceArgument: ExpressibleByArgument, Sendable {
    let date: Date
    /// As given, for `--help`'s default.
    let defaultValueDescription: String

    init?(argument: String) {
        defaultValueDescription = argument
        if let duration = TypedDuration(argument: argument) {
            date = Date(timeIntervalSinceNow: -duration.seconds)
        } else if let day = LocalDate(argument.trimmed) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .current
            guard let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else { return nil }
            date = start
        } else {
            return nil
        }
    }
}

enum Age {
    /// `45m`, `5h`, `3d`, `6w`, `14mo`: short enough for a table column.
    static func short(_ interval: TimeInterval) -> String {
        let minutes = Int(max(interval, 0) / 60)
        if minutes < 60 { return "\(minutes)m" }
        if minutes < 48 * 60 { return "\(minutes / 60)h" }
        let days = minutes / 1440
        if days < 14 { return "\(days)d" }
        if days < 120 { return "\(days / 7)w" }
        return "\(days / 30)mo"
    }
}
