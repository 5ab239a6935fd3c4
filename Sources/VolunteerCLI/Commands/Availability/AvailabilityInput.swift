import VolunteerCore

/// `availability set`'s input, from its flags or a file, read by the same
/// rules as the applicant API's (`AvailabilityRules`).
enum AvailabilityInput {
    static let names = FlagNames(
        flags: ["hours_per_week": "--hours", "windows": "--window", "blackouts": "--blackout"],
        forms: [
            "windows": "write a window as DAY HH:MM-HH:MM, such as `tue 18:00-21:00`",
            "blackouts": "write days away as `2026-12-24..2027-01-02` or one date",
        ]
    )

    static func file(_ path: String) throws -> Availability {
        try InputFile.load(path).read(AvailabilityRules.read)
    }

    /// The flags replace the whole availability: what is not given is empty.
    static func flags(hours: Double?, windows: [String], blackouts: [String]) throws -> Availability {
        var fields: [String: JSONValue] = [
            "windows": .array(try windows.enumerated().map { try window($1, index: $0) }),
            "blackouts": .array(try blackouts.enumerated().map { try blackout($1, index: $0) }),
        ]
        if let hours { fields["hours_per_week"] = try names.number(hours, for: "hours_per_week") }
        return try names.read(fields, AvailabilityRules.read)
    }

    /// `tue 18:00-21:00` (any case): the flag's shorthand for a window's day, start and end.
    private static func window(_ text: String, index: Int) throws -> JSONValue {
        let parts = text.trimmed.lowercased().split(separator: " ")
        let times = parts.count == 2 ? parts[1].split(separator: "-", omittingEmptySubsequences: false) : []
        guard times.count == 2 else { throw names.malformed("windows", index: index) }
        return .object(["day": .string(String(parts[0])), "start": .string(String(times[0])), "end": .string(String(times[1]))])
    }

    /// `2026-12-24..2027-01-02`, or one day: the flag's shorthand for a blackout's from and to.
    private static func blackout(_ text: String, index: Int) throws -> JSONValue {
        let ends = text.trimmed.components(separatedBy: "..")
        guard (1...2).contains(ends.count) else { throw names.malformed("blackouts", index: index) }
        return .object(["from": .string(ends[0]), "to": .string(ends[ends.count - 1])])
    }
}
