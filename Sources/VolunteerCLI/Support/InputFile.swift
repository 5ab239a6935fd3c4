import Foundation
import VolunteerCore
import Yams

/// A YAML or JSON file that a person wrote, as the JSON value the shared
/// rules read (`FieldReader`), with the line of each field, so that a
/// problem says where it is.
struct InputFile {
    /// The path, or `stdin`.
    let source: String
    let value: JSONValue
    /// The line of each field, by its name in problems (`tasks[0].title`).
    private let lines: [String: Int]

    static func load(_ path: String) throws -> InputFile {
        try parse(try YAMLInput.read(path), source: path == "-" ? "stdin" : path)
    }

    static func parse(_ text: String, source: String) throws -> InputFile {
        var lines: [String: Int] = [:]
        let root = try YAMLInput.compose(text, source: source)
        let value = try root.map { try Self.value(of: $0, at: "", source: source, lines: &lines) } ?? .null
        return InputFile(source: source, value: value, lines: lines)
    }

    /// What `read` makes of the file; otherwise its first problem, in the file's words.
    func read<Result>(_ read: (FieldReader) -> Result?) throws -> Result {
        do {
            return try FieldReader.read(value, read)
        } catch {
            throw problem(error.problems.first ?? FieldProblem("body", "cannot be read"))
        }
    }

    /// `FILE: line 3: windows[1]: overlaps windows[0]`: the problem as the
    /// rules name it, where the file has it.
    func problem(_ problem: FieldProblem) -> DomainError {
        // The reader calls the top of what it reads the body.
        guard problem.field != "body" else { return .invalid(field: source, reason: "must be a mapping of field: value") }
        var field = Substring(problem.field)
        while lines[String(field)] == nil, let end = field.lastIndex(where: { $0 == "." || $0 == "[" }) {
            field = field[..<end]
        }
        let line = lines[String(field)].map { "line \($0): " } ?? ""
        return .invalid(field: source, reason: "\(line)\(problem)")
    }

    /// Plain scalars are typed as in JSON (numbers, true, false, null);
    /// everything else is text, so that `start: 10:00` stays a time and
    /// `from: 2026-12-24` a date, as YAML 1.1 would not have them.
    private static func value(of node: Node, at path: String, source: String, lines: inout [String: Int]) throws -> JSONValue {
        if lines[path] == nil { lines[path] = node.mark?.line }
        switch node {
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let name) = key else { throw YAMLInput.problem(source, key, "a key must be plain text") }
                let field = path.isEmpty ? name.string : "\(path).\(name.string)"
                guard object[name.string] == nil else { throw YAMLInput.problem(source, key, "`\(name.string)` is given twice") }
                lines[field] = key.mark?.line
                object[name.string] = try Self.value(of: value, at: field, source: source, lines: &lines)
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(
                try sequence.enumerated().map { index, item in
                    try Self.value(of: item, at: "\(path)[\(index)]", source: source, lines: &lines)
                })
        case .scalar(let scalar):
            guard scalar.style == .plain else { return .string(scalar.string) }
            switch node.tag {
            case Tag(.null): return .null
            case Tag(.bool): return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case Tag(.int), Tag(.float):
                if case .number(let number)? = try? JSONParser.parse(Array(scalar.string.utf8)) { return .number(number) }
                return .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .alias:
            throw YAMLInput.problem(source, node, "aliases (*name) are not read here; write the value out")
        }
    }
}
