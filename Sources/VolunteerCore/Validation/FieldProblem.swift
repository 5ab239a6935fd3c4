/// One thing wrong with one field of a request, named by its path
/// (`contact.email`, `availability.windows[2].end`). It says what rule the
/// value broke and never repeats the value: values may be personal.
public struct FieldProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    public let field: String
    public let problem: String

    public init(_ field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}

/// A request that broke one or more rules; nothing was written.
public struct ValidationFailure: Error, Sendable, Equatable {
    public let problems: [FieldProblem]

    public init(_ problems: [FieldProblem]) {
        self.problems = problems
    }
}

extension Unicode.Scalar {
    /// A control character (general category Cc: C0, DEL and C1), checked by
    /// code point: the Unicode property lookup is slow on a hot path.
    public var isControlCharacter: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }
}
