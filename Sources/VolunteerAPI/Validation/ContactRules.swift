/// What a valid contact, language tag or slug looks like. Deliberately
/// plain: a person must be able to read why their input was refused.
enum ContactRules {
    static func isEmail(_ text: String) -> Bool {
        text.utf8.count <= 254 && text.wholeMatch(of: /[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+/) != nil
    }

    /// `@handle` or `handle`: 5 to 32 letters, digits or underscores, starting with a letter.
    static func telegram(_ text: String) -> String? {
        let handle = text.hasPrefix("@") ? String(text.dropFirst()) : text
        guard handle.wholeMatch(of: /[A-Za-z][A-Za-z0-9_]{4,31}/) != nil else { return nil }
        return "@" + handle
    }

    /// A phone number in international form, or a Signal username (`name.42`).
    static func isSignal(_ text: String) -> Bool {
        text.wholeMatch(of: /\+[0-9][0-9 ]{6,19}/) != nil
            || text.wholeMatch(of: /[A-Za-z][A-Za-z0-9_]{2,31}\.[0-9]{2,9}/) != nil
    }

    /// A BCP 47 tag of the common shapes: `uk`, `en-GB`, `sr-Latn`, `es-419`.
    static func isLanguageTag(_ text: String) -> Bool {
        text.wholeMatch(of: /[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?/) != nil
    }

    static func isSlug(_ text: String) -> Bool {
        text.utf8.count <= 80 && text.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil
    }
}
