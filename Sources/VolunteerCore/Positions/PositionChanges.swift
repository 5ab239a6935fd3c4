/// A position's fields as a coordinator gives them; nil leaves a field as it is.
public struct PositionChanges: Sendable {
    public var title: String?
    public var team: String?
    public var description: String?
    public var skills: [String]?
    public var languages: [String]?
    public var hoursPerWeek: Double?
    public var location: String?
    public var openings: Int?
    /// Whether it takes applications even with every opening filled.
    public var keepOpen: Bool?

    public init() {}

    public var isEmpty: Bool {
        title == nil && team == nil && description == nil && skills == nil && languages == nil
            && hoursPerWeek == nil && location == nil && openings == nil && keepOpen == nil
    }

    /// These changes, with every field `other` gives replaced by its.
    public func overridden(by other: PositionChanges) -> PositionChanges {
        var result = self
        result.title = other.title ?? title
        result.team = other.team ?? team
        result.description = other.description ?? description
        result.skills = other.skills ?? skills
        result.languages = other.languages ?? languages
        result.hoursPerWeek = other.hoursPerWeek ?? hoursPerWeek
        result.location = other.location ?? location
        result.openings = other.openings ?? openings
        result.keepOpen = other.keepOpen ?? keepOpen
        return result
    }
}
