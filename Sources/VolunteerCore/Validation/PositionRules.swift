/// A position's fields as coordinators write them in a file, or give them
/// as flags (read into the same shape): any of title, team, description,
/// skills, languages, hours_per_week, location and openings. The limits are
/// the database's.
public enum PositionRules {
    public static let fields: Set<String> = [
        "title", "team", "description", "skills", "languages", "hours_per_week", "location", "openings",
    ]
    public static let teamLength = 1...80

    /// Nil, with the problems noted, when any rule is broken.
    public static func read(_ reader: FieldReader) -> PositionChanges? {
        let problems = reader.problems
        let before = problems.problems.count
        reader.refuseUnknown(allowing: fields)
        var changes = PositionChanges()
        changes.title = reader.string("title", length: 1...200)
        changes.team = reader.string("team", length: teamLength)
        changes.description = reader.string("description", length: 0...20_000, multiline: true)
        changes.skills = reader.strings("skills", count: 0...20, rule: .skill)
        changes.languages = reader.strings("languages", count: 0...10, rule: .languageTag)
        if let hours = reader.number("hours_per_week") {
            if WeeklyHours.allows(hours) {
                changes.hoursPerWeek = hours
            } else {
                problems.add(reader.name("hours_per_week"), WeeklyHours.rule)
            }
        }
        changes.location = reader.string("location", length: 1...120)
        changes.openings = reader.integer("openings", range: 1...1000)
        return problems.problems.count == before ? changes : nil
    }
}

/// A position's title and description in one language, read by the same
/// limits as the position's own.
public struct PositionTranslation: Sendable, Equatable {
    public let language: String
    public let title: String
    public let description: String

    public init(language: String, title: String, description: String) {
        self.language = language
        self.title = title
        self.description = description
    }
}

extension PositionRules {
    public static let translationFields: Set<String> = ["language", "title", "description"]

    /// `language`, `title` (required) and `description`.
    public static func readTranslation(_ reader: FieldReader) -> PositionTranslation? {
        reader.refuseUnknown(allowing: translationFields)
        let language = reader.string("language", required: true, length: 1...35, rule: .languageTag)
        let title = reader.string("title", required: true, length: 1...200)
        let description = reader.string("description", length: 0...20_000, multiline: true) ?? ""
        guard let language, let title else { return nil }
        return PositionTranslation(language: language, title: title, description: description)
    }
}
