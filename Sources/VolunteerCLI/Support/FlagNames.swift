import VolunteerCore

/// Values given as flags, read by the shared rules in the shape of a file
/// (`--window` after `--window` is the array `windows`), and the rules'
/// problems said with the flags' names: `windows[1]` is the second `--window`.
struct FlagNames {
    /// The flag of each top-level field.
    let flags: [String: String]
    /// How to write a flag whose value the CLI splits into fields, by field.
    var forms: [String: String] = [:]

    /// What `read` makes of `fields`; otherwise its first problem, in the flags' words.
    func read<Result>(_ fields: [String: JSONValue], _ read: (FieldReader) -> Result?) throws -> Result {
        do {
            return try FieldReader.read(.object(fields), read)
        } catch {
            throw problem(error.problems.first ?? FieldProblem("body", "cannot be read"))
        }
    }

    /// `windows[0].start` → `--window 1: start must be …`, with the flag's form.
    func problem(_ problem: FieldProblem) -> DomainError {
        let field = problem.field
        let key = String(field.prefix { $0 != "[" && $0 != "." })
        var rest = field.dropFirst(key.count)
        var place = flags[key] ?? key
        if rest.first == "[", let close = rest.firstIndex(of: "]"), let index = Int(rest.dropFirst().prefix(upTo: close)) {
            place += " \(index + 1)"
            rest = rest[rest.index(after: close)...]
        }
        let part = rest.drop { $0 == "." }
        var reason = part.isEmpty ? named(problem.problem) : "\(part) \(named(problem.problem))"
        if !part.isEmpty, let form = forms[key] { reason += "; \(form)" }
        return .invalid(field: place, reason: reason)
    }

    /// A flag's value that the CLI could not split into its fields.
    func malformed(_ key: String, index: Int) -> DomainError {
        .invalid(field: "\(flags[key] ?? key) \(index + 1)", reason: forms[key] ?? "cannot be read")
    }

    /// A number given as a flag, as JSON has it; infinities and NaN are not numbers there.
    func number(_ value: Double, for key: String) throws -> JSONValue {
        guard let number = JSONNumber(value) else { throw DomainError.invalid(field: flags[key] ?? key, reason: "must be a number") }
        return .number(number)
    }

    /// `overlaps windows[0]` → `overlaps --window 1`.
    private func named(_ text: String) -> String {
        text.replacing(/([a-z_]+)\[([0-9]+)\]/) { match in
            guard let flag = flags[String(match.output.1)], let index = Int(match.output.2) else { return String(match.output.0) }
            return "\(flag) \(index + 1)"
        }
    }
}
