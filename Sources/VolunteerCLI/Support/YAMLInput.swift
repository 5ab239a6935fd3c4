import Foundation
import VolunteerCore
import Yams

/// Reading YAML (or JSON) files that people wrote, with mistakes named by line.
enum YAMLInput {
    static func read(_ path: String) throws -> String {
        if path == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DomainError.invalid(field: path, reason: "cannot be read")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func compose(_ text: String, source: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DomainError.invalid(field: source, reason: "is not valid YAML or JSON: \(describe(error))")
        }
    }

    static func problem(_ source: String, _ node: Node, _ text: String) -> DomainError {
        .invalid(field: source, reason: "line \(node.mark?.line ?? 0): \(text)")
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _): "line \(mark.line): \(problem)"
        default: "\(error)".split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }
}
