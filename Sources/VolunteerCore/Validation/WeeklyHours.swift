/// Hours a week, as a person offers them or a position asks for them.
public enum WeeklyHours {
    public static let rule = "must be at least 0.1 and at most 168"

    /// Stored to a tenth of an hour: less than that would be zero.
    public static func allows(_ hours: Double) -> Bool {
        hours >= 0.1 && hours <= 168
    }
}
