import VolunteerCore

/// What a valid contact, language tag or slug looks like. Deliberately
/// plain: a person must be able to read why their input was refused.
enum ContactRules {
    private static let email = SharedRegex(/[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+/)
    private static let telegramHandle = SharedRegex(/[A-Za-z][A-Za-z0-9_]{4,31}/)
    private static let phoneNumber = SharedRegex(/\+[0-9][0-9 ]{6,19}/)
    private static let signalUsername = SharedRegex(/[A-Za-z][A-Za-z0-9_]{2,31}\.[0-9]{2,9}/)
    private static let languageTag = SharedRegex(/[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?/)
    private static let slug = SharedRegex(/[a-z0-9]+(-[a-z0-9]+)*/)

    static func isEmail(_ text: String) -> Bool {
        text.utf8.count <= 254 && text.matches(email)
    }

    /// `@handle` or `handle`: 5 to 32 letters, digits or underscores, starting with a letter.
    static func telegram(_ text: String) -> String? {
        let handle = text.hasPrefix("@") ? String(text.dropFirst()) : text
        guard handle.matches(telegramHandle) else { return nil }
        return "@" + handle
    }

    /// A phone number in international form, or a Signal username (`name.42`).
    static func isSignal(_ text: String) -> Bool {
        text.matches(phoneNumber) || text.matches(signalUsername)
    }

    /// A BCP 47 tag of the common shapes: `uk`, `en-GB`, `sr-Latn`, `es-419`.
    static func isLanguageTag(_ text: String) -> Bool {
        text.matches(languageTag)
    }

    static func isSlug(_ text: String) -> Bool {
        text.utf8.count <= 80 && text.matches(slug)
    }
}
