import Foundation

public enum TimeZoneRules {
    /// IANA zone names only (`Europe/Kyiv`, `UTC`), not abbreviations such as `EST`.
    public static func isKnown(_ identifier: String) -> Bool {
        known.contains(identifier)
    }

    /// Every name `isKnown` takes; the API's contract lists them.
    public static let known: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])
}
