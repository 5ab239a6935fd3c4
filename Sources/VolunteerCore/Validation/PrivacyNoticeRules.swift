/// What a privacy notice's version and address must be, for the CLI that
/// records notices and the API that takes an applicant's consent to one.
public enum PrivacyNoticeRules {
    public static let versionLength = 1...32
    public static let urlLength = 1...500

    public static func isURL(_ text: String) -> Bool {
        guard let scheme = ["https://", "http://"].first(where: text.hasPrefix), text.count > scheme.count else { return false }
        return !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// The problem with a version, or nil.
    public static func versionProblem(_ version: String) -> String? {
        guard versionLength.contains(version.count) else { return "must be 1 to 32 characters" }
        return TextRule.privacyNoticeVersion.allows(version) ? nil : TextRule.privacyNoticeVersion.problem
    }

    /// The problem with an address, or nil.
    public static func urlProblem(_ url: String) -> String? {
        guard urlLength.contains(url.count) else { return "must be at most 500 characters" }
        return isURL(url) ? nil : "must be an http:// or https:// address without spaces"
    }
}

extension TextRule {
    public static let privacyNoticeVersion = TextRule("must be letters, digits, '.', '_' or '-'", ContactRules.isVersion)
}
