import Foundation

/// What a message may be, whoever writes it: plain text of at most
/// `textLength` characters, line breaks and tabs allowed.
public enum MessageRules {
    public static let textLength = 1...4_000
    /// A template's or a status notice's name.
    public static let nameRule = TextRule("must be a template name: lower-case letters, digits, - and _", isName)

    /// The text of a message, trimmed, or nil with the problem noted.
    public static func text(_ value: JSONValue, field: String, problems: ProblemList) -> String? {
        FieldReader.text(value, field: field, length: textLength, multiline: true, problems: problems)
    }

    /// `POST /v1/applications/me/messages`: `{"text": "…", "id": "<uuid>"}`,
    /// where the optional id makes a retry safe (the same id is one message).
    public static func reply(_ reader: FieldReader) -> (text: String, id: UUID?)? {
        reader.refuseUnknown(allowing: ["text", "id"])
        let text = reader.value("text", required: true).flatMap { Self.text($0, field: reader.name("text"), problems: reader.problems) }
        let id = reader.parsed("id", length: 36...36, rule: "must be a UUID") { UUID(uuidString: $0) }
        guard let text, reader.problems.problems.isEmpty else { return nil }
        return (text, id)
    }

    /// A message a coordinator typed, trimmed; the problem as a field's otherwise.
    public static func text(_ text: String, field: String = "text") throws(ValidationFailure) -> String {
        let problems = ProblemList()
        guard let checked = Self.text(.string(text), field: field, problems: problems) else {
            throw ValidationFailure(problems.problems)
        }
        return checked
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, (1...63).contains(text.unicodeScalars.count) else { return false }
        let lowerOrDigit: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return lowerOrDigit(first) && text.unicodeScalars.allSatisfy { lowerOrDigit($0) || $0 == "-" || $0 == "_" }
    }
}
