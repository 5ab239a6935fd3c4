import Foundation

/// The contract as served: `Resources/openapi.yaml` with every line marked
/// `# served: NAME` replaced by `enum:` and `examples:` of that set as it
/// stands. Where the server, or the coordinators' vocabulary, fixes a value's
/// set, the document lists it, so that a client (or a test generator) sends
/// what the server takes. A marked line holds a sample, so the committed
/// file is a valid document on its own.
struct OpenAPIDocument: Sendable {
    /// The sets the server fills in, by the name their marker uses.
    enum ServedSet: String, CaseIterable, Sendable {
        case timeZones = "time-zones"
        case openPositions = "open-positions"
        case skills
        case sources
        case privacyNotices = "privacy-notices"
    }

    static let marker = "# served: "

    let lines: [Substring]

    init(template: String) {
        lines = template.split(separator: "\n", omittingEmptySubsequences: false)
    }

    static let committed: OpenAPIDocument? = Bundle.module.url(forResource: "openapi", withExtension: "yaml")
        .flatMap { try? String(contentsOf: $0, encoding: .utf8) }
        .map(OpenAPIDocument.init(template:))

    /// The document with `sets` in place of the samples. A set that is
    /// empty is `enum: []`: no value is acceptable (no position is open).
    func filled(with sets: [ServedSet: [String]]) throws -> String {
        try lines.map { line -> String in
            guard let range = line.range(of: Self.marker),
                let set = ServedSet(rawValue: line[range.upperBound...].trimmingCharacters(in: .whitespaces)),
                let values = sets[set]
            else { return String(line) }
            let indent = line.prefix { $0 == " " }
            var filled = "\(indent)enum: \(try Self.flowSequence(values))"
            if let first = values.first { filled += "\n\(indent)examples: \(try Self.flowSequence([first]))" }
            return filled
        }.joined(separator: "\n")
    }

    /// `["a","b"]`: JSON, which YAML reads as a flow sequence of
    /// double-quoted strings, whatever characters a term holds.
    static func flowSequence(_ values: [String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return String(decoding: try encoder.encode(values), as: UTF8.self)
    }
}
