/// A rule a short text must follow, with the words that say it, so that
/// every reader of the field (the API, the CLI's flags and its files)
/// refuses the same text with the same problem.
public struct TextRule: Sendable {
    /// What the text must be, as a field problem says it.
    public let problem: String
    private let test: @Sendable (String) -> Bool

    public init(_ problem: String, _ test: @escaping @Sendable (String) -> Bool) {
        self.problem = problem
        self.test = test
    }

    public func allows(_ text: String) -> Bool { test(text) }
}

extension TextRule {
    public static let positionSlug = TextRule("must be a position's slug", ContactRules.isSlug)
    public static let skill = TextRule("must be a skill's slug", ContactRules.isSlug)
    public static let source = TextRule("must be a source's slug", ContactRules.isSlug)
    public static let languageTag = TextRule("must be a language tag such as uk, en or en-GB", ContactRules.isLanguageTag)
    public static let timeZone = TextRule("must be an IANA time zone such as Europe/Kyiv", TimeZoneRules.isKnown)
}
