/// Collects every problem of an input, so that one answer lists them all.
public final class ProblemList {
    public private(set) var problems: [FieldProblem] = []

    public init() {}

    public func add(_ field: String, _ problem: String) {
        problems.append(FieldProblem(field, problem))
    }

    public func add(_ problems: [FieldProblem]) {
        self.problems += problems
    }
}

/// Reads the fields of one JSON object: typed, bounded, and refusing fields
/// it was not asked for. Messages name the field and the rule, never the value.
public struct FieldReader {
    public let path: String
    public let object: [String: JSONValue]
    public let problems: ProblemList

    /// What an unknown field's problem starts with.
    public static let unknownField = "is not a known field"

    /// Nil (with a problem noted) when `value` is not an object.
    public init?(_ value: JSONValue, path: String, problems: ProblemList) {
        guard case .object(let object) = value else {
            problems.add(path.isEmpty ? "body" : path, "must be a JSON object")
            return nil
        }
        self.path = path
        self.object = object
        self.problems = problems
    }

    /// The whole of `value`, read by `read` from the top; every problem at once.
    public static func read<Result>(_ value: JSONValue, _ read: (FieldReader) -> Result?) throws(ValidationFailure) -> Result {
        let problems = ProblemList()
        guard let reader = FieldReader(value, path: "", problems: problems), let result = read(reader),
            problems.problems.isEmpty
        else { throw ValidationFailure(problems.problems) }
        return result
    }

    public func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Notes every field other than `allowed`.
    public func refuseUnknown(allowing allowed: Set<String>) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            problems.add(name(key), "\(Self.unknownField) (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// Absent optional fields are fine; `null` is not a value here (leave
    /// the field out instead), as the OpenAPI document says.
    public func value(_ key: String, required: Bool) -> JSONValue? {
        switch object[key] {
        case nil:
            if required { problems.add(name(key), "is required") }
            return nil
        case .null?:
            problems.add(name(key), required ? "is required and must not be null" : "must not be null; leave it out instead")
            return nil
        case let value?:
            return value
        }
    }

    public func string(
        _ key: String, required: Bool = false, length: ClosedRange<Int>, multiline: Bool = false
    ) -> String? {
        guard let value = value(key, required: required) else { return nil }
        return Self.text(value, field: name(key), length: length, multiline: multiline, problems: problems)
    }

    /// A short text that must also follow `rule`.
    public func string(_ key: String, required: Bool = false, length: ClosedRange<Int>, rule: TextRule) -> String? {
        guard let text = string(key, required: required, length: length) else { return nil }
        guard rule.allows(text) else {
            problems.add(name(key), rule.problem)
            return nil
        }
        return text
    }

    /// A short text that `parse` makes a value of; `rule` says what it must be when it cannot.
    public func parsed<Value>(
        _ key: String, required: Bool = false, length: ClosedRange<Int>, rule: String, _ parse: (String) -> Value?
    ) -> Value? {
        guard let text = string(key, required: required, length: length) else { return nil }
        guard let value = parse(text) else {
            problems.add(name(key), rule)
            return nil
        }
        return value
    }

    public static func text(
        _ value: JSONValue, field: String, length: ClosedRange<Int>, multiline: Bool, problems: ProblemList
    ) -> String? {
        guard case .string(let text) = value else {
            problems.add(field, "must be a string, not \(value.kind)")
            return nil
        }
        let trimmed = text.trimmed
        guard length.contains(trimmed.count) else {
            problems.add(field, "must be \(length.lowerBound) to \(length.upperBound) characters")
            return nil
        }
        let allowed: Set<Unicode.Scalar> = multiline ? ["\n", "\t", "\r"] : []
        if trimmed.unicodeScalars.contains(where: { $0.isControlCharacter && !allowed.contains($0) }) {
            problems.add(
                field,
                multiline
                    ? "must not contain control characters other than line breaks and tabs"
                    : "must not contain control characters or line breaks")
            return nil
        }
        return trimmed
    }

    public func number(_ key: String, required: Bool = false) -> Double? {
        guard let value = value(key, required: required) else { return nil }
        guard case .number(let number) = value else {
            problems.add(name(key), "must be a number, not \(value.kind)")
            return nil
        }
        return number.double
    }

    /// A whole number within `range`.
    public func integer(_ key: String, required: Bool = false, range: ClosedRange<Int>) -> Int? {
        guard let value = value(key, required: required) else { return nil }
        guard case .number(let number) = value else {
            problems.add(name(key), "must be a whole number, not \(value.kind)")
            return nil
        }
        guard let integer = number.integer.flatMap({ Int(exactly: $0) }), range.contains(integer) else {
            problems.add(name(key), Self.wholeNumberRule(range))
            return nil
        }
        return integer
    }

    public static func wholeNumberRule(_ range: ClosedRange<Int>) -> String {
        "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
    }

    public func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = value(key, required: required) else { return nil }
        guard case .bool(let flag) = value else {
            problems.add(name(key), "must be true or false, not \(value.kind)")
            return nil
        }
        return flag
    }

    public func array(_ key: String, required: Bool = false, count: ClosedRange<Int>) -> [JSONValue]? {
        guard let value = value(key, required: required) else { return nil }
        guard case .array(let items) = value else {
            problems.add(name(key), "must be an array, not \(value.kind)")
            return nil
        }
        guard count.contains(items.count) else {
            problems.add(name(key), "must have \(count.lowerBound) to \(count.upperBound) items")
            return nil
        }
        return items
    }

    /// An array of short strings, each following `rule`; duplicates refused.
    public func strings(_ key: String, required: Bool = false, count: ClosedRange<Int>, rule: TextRule) -> [String]? {
        guard let items = array(key, required: required, count: count) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            let field = "\(name(key))[\(index)]"
            guard let text = Self.text(item, field: field, length: 1...64, multiline: false, problems: problems) else { continue }
            guard rule.allows(text) else {
                problems.add(field, rule.problem)
                continue
            }
            if result.contains(text) { problems.add(field, "is listed twice") } else { result.append(text) }
        }
        return result.count == items.count ? result : nil
    }

    public func object(_ key: String, required: Bool = false) -> FieldReader? {
        guard let value = value(key, required: required) else { return nil }
        return FieldReader(value, path: name(key), problems: problems)
    }

    /// A reader for each object of the array `key`, named `key[index]`.
    public func objects(_ key: String, required: Bool = false, count: ClosedRange<Int>) -> [FieldReader]? {
        guard let items = array(key, required: required, count: count) else { return nil }
        return items.enumerated().compactMap { index, item in
            FieldReader(item, path: "\(name(key))[\(index)]", problems: problems)
        }
    }
}
