import Foundation

/// What `vtrack interviews book|reschedule|cancel --notify` tells the
/// applicant: the change and the time, in their own zone and language. The
/// wording is the organisation's template when one is named, else the
/// built-in one below, in the languages the applicants' pages speak.
public struct InterviewNotice: Sendable, Equatable {
    public enum Change: String, Sendable, CaseIterable {
        case booked, rescheduled, cancelled
    }

    public let change: Change
    public let startsAt: Date
    public let minutes: Int
    /// The applicant's IANA time zone.
    public let timeZone: String

    public init(change: Change, startsAt: Date, minutes: Int, timeZone: String) {
        (self.change, self.startsAt, self.minutes, self.timeZone) = (change, startsAt, minutes, timeZone)
    }

    /// `{{interview_time}}` in `language` (a BCP 47 tag): the full date and
    /// the time where the applicant is, then the zone's name, so that
    /// nobody converts in their head: `Tuesday, December 8, 2026 at 7:00 PM
    /// (Europe/Kyiv)`, `вівторок, 8 грудня 2026 р. о 19:00 (Europe/Kyiv)`.
    public func time(in language: String) -> String {
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        var style = Date.FormatStyle(date: .complete, time: .shortened, locale: Locale(identifier: language), timeZone: zone)
        style.calendar = Calendar(identifier: .gregorian)
        return "\(startsAt.formatted(style)) (\(timeZone))"
    }

    public func values(in language: String) -> [MessageTemplate.Placeholder: String] {
        [.interviewTime: time(in: language), .interviewMinutes: String(minutes)]
    }

    /// The language built-in wording falls back to.
    public static let fallbackLanguage = "en"

    /// The built-in wording of `change`, by language.
    public static func builtIn(_ change: Change) -> [String: String] {
        switch change {
        case .booked:
            [
                "en": "Your interview is booked for {{interview_time}} ({{interview_minutes}} minutes).",
                "uk": "Вашу співбесіду призначено на {{interview_time}} ({{interview_minutes}} хв).",
                "ru": "Ваше собеседование назначено на {{interview_time}} ({{interview_minutes}} мин).",
                "cs": "Váš pohovor je domluven na {{interview_time}} ({{interview_minutes}} min).",
            ]
        case .rescheduled:
            [
                "en": "Your interview has moved to {{interview_time}} ({{interview_minutes}} minutes).",
                "uk": "Вашу співбесіду перенесено на {{interview_time}} ({{interview_minutes}} хв).",
                "ru": "Ваше собеседование перенесено на {{interview_time}} ({{interview_minutes}} мин).",
                "cs": "Váš pohovor byl přesunut na {{interview_time}} ({{interview_minutes}} min).",
            ]
        case .cancelled:
            [
                "en": "Your interview on {{interview_time}} is cancelled.",
                "uk": "Вашу співбесіду {{interview_time}} скасовано.",
                "ru": "Ваше собеседование {{interview_time}} отменено.",
                "cs": "Váš pohovor {{interview_time}} je zrušen.",
            ]
        }
    }
}
