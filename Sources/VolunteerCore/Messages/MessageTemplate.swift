/// A message template in one language: text with placeholders such as
/// `{{position}}`, filled in for each application when it is sent. Only
/// known placeholders are allowed, so a typo is refused when the template
/// is saved, not discovered by an applicant.
public struct MessageTemplate: Sendable, Equatable {
    public enum Placeholder: String, CaseIterable, Sendable {
        /// The position's title, in the template's language when it is translated.
        case position
        /// The sending coordinator's display name (`vtrack coordinators display-name`).
        case coordinator
        /// An interview's time in the applicant's zone and language, the zone
        /// named: filled only by `vtrack interviews … --notify`.
        case interviewTime = "interview_time"
        /// How long the interview lasts, in minutes: as `interview_time`.
        case interviewMinutes = "interview_minutes"

        /// Those only `vtrack interviews … --notify` has values for.
        public static let interviewOnly: Set<Placeholder> = [.interviewTime, .interviewMinutes]
    }

    enum Part: Sendable, Equatable {
        case text(Substring)
        case placeholder(Placeholder)
    }

    public let body: String
    let parts: [Part]

    public init(_ body: String) throws(MessageTemplateError) {
        guard MessageRules.textLength.contains(body.count) else {
            throw .length(body.count)
        }
        var parts: [Part] = []
        var rest = body[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else { throw .unclosed }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let placeholder = Placeholder(rawValue: name) else { throw .unknownPlaceholder(name) }
            if open.lowerBound > rest.startIndex { parts.append(.text(rest[..<open.lowerBound])) }
            parts.append(.placeholder(placeholder))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(rest)) }
        self.body = body
        self.parts = parts
    }

    /// The placeholders the body uses.
    public var placeholders: Set<Placeholder> {
        Set(parts.compactMap { if case .placeholder(let p) = $0 { p } else { nil } })
    }

    /// The text for one application; `MessageTemplateError.missingValue`
    /// when a placeholder it uses has no value.
    public func render(_ values: [Placeholder: String]) throws(MessageTemplateError) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .text(let literal): text += literal
            case .placeholder(let placeholder):
                guard let value = values[placeholder] else { throw .missingValue(placeholder) }
                text += value
            }
        }
        guard MessageRules.textLength.contains(text.count) else { throw .length(text.count) }
        return text
    }
}

public enum MessageTemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    case length(Int)
    case unclosed
    case unknownPlaceholder(String)
    case missingValue(MessageTemplate.Placeholder)

    public var description: String {
        let known = MessageTemplate.Placeholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", ")
        return switch self {
        case .length(let count):
            "a message must be \(MessageRules.textLength.lowerBound) to \(MessageRules.textLength.upperBound) characters; this one has \(count)"
        case .unclosed: "a placeholder opened with {{ is not closed with }}"
        case .unknownPlaceholder(let name): "unknown placeholder {{\(name)}}; known: \(known)"
        case .missingValue(.coordinator):
            "the template uses {{coordinator}} and you have no display name; set one with `vtrack coordinators display-name TEXT`"
        case .missingValue(let placeholder) where MessageTemplate.Placeholder.interviewOnly.contains(placeholder):
            "the template uses {{\(placeholder.rawValue)}}, which only an interview fills: "
                + "send it with `vtrack interviews book|reschedule|cancel --notify --template NAME`"
        case .missingValue(let placeholder): "no value for {{\(placeholder.rawValue)}}"
        }
    }
}
