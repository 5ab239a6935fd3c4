/// What a valid contact, language tag or slug looks like. Deliberately
/// plain: a person must be able to read why their input was refused.
public enum ContactRules {
    /// `[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+`, at most 254 bytes: one `@`, a
    /// local part of 1 to 64 characters, two or more dot-separated labels,
    /// no white space anywhere.
    public static func isEmail(_ text: String) -> Bool {
        guard text.utf8.count <= 254, !text.contains(where: \.isWhitespace) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].count) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    /// `@handle` or `handle`: 5 to 32 letters, digits or underscores, starting
    /// with a letter (`[A-Za-z][A-Za-z0-9_]{4,31}`).
    public static func telegram(_ text: String) -> String? {
        let handle = text.utf8.first == UInt8(ascii: "@") ? text.utf8.dropFirst() : text.utf8[...]
        guard let first = handle.first, first.isASCIILetter, handle.dropFirst().consists(of: 4...31, isWordByte) else {
            return nil
        }
        return text.hasPrefix("@") ? text : "@" + text
    }

    /// A phone number in international form (`\+[0-9][0-9 ]{6,19}`), or a
    /// Signal username (`[A-Za-z][A-Za-z0-9_]{2,31}\.[0-9]{2,9}`).
    public static func isSignal(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if bytes.first == UInt8(ascii: "+") {
            return bytes.count >= 2 && bytes[1].isASCIIDigit
                && bytes.dropFirst(2).consists(of: 6...19) { $0.isASCIIDigit || $0 == UInt8(ascii: " ") }
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 2, let first = parts[0].first, first.isASCIILetter else { return false }
        return parts[0].dropFirst().consists(of: 2...31, isWordByte) && parts[1].consists(of: 2...9, \.isASCIIDigit)
    }

    /// A BCP 47 tag of the common shapes: `uk`, `en-GB`, `sr-Latn`, `es-419`
    /// (`[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?`).
    public static func isLanguageTag(_ text: String) -> Bool {
        var subtags = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)[...]
        guard let language = subtags.popFirst(), language.consists(of: 2...3, \.isASCIILowercase), subtags.count <= 2 else {
            return false
        }
        if let script = subtags.first, script.count == 4, script.first!.isASCIIUppercase,
            script.dropFirst().allSatisfy(\.isASCIILowercase)
        {
            subtags.removeFirst()
        }
        guard let region = subtags.popFirst() else { return true }
        return subtags.isEmpty
            && (region.consists(of: 2...2, \.isASCIIUppercase) || region.consists(of: 3...3, \.isASCIIDigit))
    }

    /// `[a-z0-9]+(-[a-z0-9]+)*`, at most 80 bytes.
    public static func isSlug(_ text: String) -> Bool {
        text.utf8.count <= 80
            && text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false).allSatisfy { part in
                part.consists(of: 1...80) { $0.isASCIILowercase || $0.isASCIIDigit }
            }
    }

    /// `[A-Za-z0-9._-]+`: a privacy policy's version.
    public static func isVersion(_ text: String) -> Bool {
        text.utf8.consists(of: 1...Int.max) {
            $0.isASCIILetterOrDigit || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte.isASCIILetterOrDigit || byte == UInt8(ascii: "_")
    }
}
