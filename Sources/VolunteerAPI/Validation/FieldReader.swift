import Foundation
import VolunteerCore

/// Collects every problem of a request, so that one answer lists them all.
final class ProblemList {
    private(set) var problems: [FieldProblem] = []

    func add(_ field: String, _ problem: String) {
        problems.append(FieldProblem(field, problem))
    }

    func add(_ problems: [FieldProblem]) {
        self.problems += problems
    }
}

/// Reads the fields of one JSON object: typed, bounded, and refusing fields
/// it was not asked for. Messages name the field and the rule, never the value.
struct FieldReader {
    let path: String
    let object: [String: JSONValue]
    let problems: ProblemList

    /// Nil (with a problem noted) when `value` is not an object.
    init?(_ value: JSONValue, path: String, problems: ProblemList) {
        guard case .object(let object) = value else {
            problems.add(path.isEmpty ? "body" : path, "must be a JSON object")
            return nil
        }
        self.path = path
        self.object = object
        self.problems = problems
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Notes every field other than `allowed`.
    func refuseUnknown(allowing allowed: Set<String>) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            problems.add(name(key), "is not a known field")
        }
    }

    /// Absent optional fields are fine; `null` is not a value here (leave
    /// the field out instead), as the OpenAPI document says.
    func value(_ key: String, required: Bool) -> JSONValue? {
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

    func string(
        _ key: String, required: Bool = false, length: ClosedRange<Int>, multiline: Bool = false
    ) -> String? {
        guard let value = value(key, required: required) else { return nil }
        return Self.text(value, field: name(key), length: length, multiline: multiline, problems: problems)
    }

    static func text(
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
            problems.add(field, multiline ? "must not contain control characters other than line breaks and tabs" : "must not contain control characters or line breaks")
            return nil
        }
        return trimmed
    }

    func number(_ key: String, required: Bool = false) -> Double? {
        guard let value = value(key, required: required) else { return nil }
        guard case .number(let number) = value else {
            problems.add(name(key), "must be a number, not \(value.kind)")
            return nil
        }
        return number
    }

    func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = value(key, required: required) else { return nil }
        guard case .bool(let flag) = value else {
            problems.add(name(key), "must be true or false, not \(value.kind)")
            return nil
        }
        return flag
    }

    func array(_ key: String, required: Bool = false, count: ClosedRange<Int>) -> [JSONValue]? {
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

    /// An array of short strings, each checked by `isValid`; duplicates refused.
    func strings(
        _ key: String, required: Bool = false, count: ClosedRange<Int>, rule: String, isValid: (String) -> Bool
    ) -> [String]? {
        guard let items = array(key, required: required, count: count) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            let field = "\(name(key))[\(index)]"
            guard let text = Self.text(item, field: field, length: 1...64, multiline: false, problems: problems) else { continue }
            guard isValid(text) else {
                problems.add(field, rule)
                continue
            }
            if result.contains(text) { problems.add(field, "is listed twice") } else { result.append(text) }
        }
        return result.count == items.count ? result : nil
    }

    func object(_ key: String, required: Bool = false) -> FieldReader? {
        guard let value = value(key, required: required) else { return nil }
        return FieldReader(value, path: name(key), problems: problems)
    }
}
