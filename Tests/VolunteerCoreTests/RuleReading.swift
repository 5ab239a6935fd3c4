import VolunteerCore

/// The shared rules, as the API and the CLI run them: JSON text in,
/// the value or every problem out.
enum RuleReading {
    static func read<Result>(_ json: String, _ read: (FieldReader) -> Result?) throws -> Result {
        try FieldReader.read(try JSONParser.parse(Array(json.utf8)), read)
    }

    /// The fields named by the problems, in order; empty when `json` is accepted.
    static func fields<Result>(_ json: String, _ read: (FieldReader) -> Result?) throws -> [String] {
        do {
            _ = try Self.read(json, read)
            return []
        } catch let failure as ValidationFailure {
            return failure.problems.map(\.field)
        }
    }

    static func problems<Result>(_ json: String, _ read: (FieldReader) -> Result?) throws -> [FieldProblem] {
        do {
            _ = try Self.read(json, read)
            return []
        } catch let failure as ValidationFailure {
            return failure.problems
        }
    }
}
