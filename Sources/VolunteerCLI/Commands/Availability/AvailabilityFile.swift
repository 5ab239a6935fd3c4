import Foundation
import VolunteerCore
import Yams

/// `availability set --file`: the applicant API's shape, in YAML or JSON.
enum AvailabilityFile {
    static func load(_ path: String) throws -> Availability {
        let source = path == "-" ? "stdin" : path
        guard let mapping = try YAMLInput.compose(try YAMLInput.read(path), source: source)?.mapping else {
            throw DomainError.invalid(field: source, reason: "must be a mapping with hours_per_week, windows or blackouts")
        }
        var availability = Availability()
        for (key, value) in mapping {
            switch key.string {
            case "hours_per_week":
                guard let hours = value.float ?? value.int.map(Double.init) else {
                    throw YAMLInput.problem(source, value, "`hours_per_week` must be a number")
                }
                availability.hoursPerWeek = hours
            case "windows":
                availability.windows = try (value.sequence ?? []).enumerated().map { index, node in
                    let fields = try fields(node, ["day", "start", "end"], source: source, what: "windows[\(index)]")
                    return try AvailabilityText.parseWindow("\(fields["day"]!) \(fields["start"]!)-\(fields["end"]!)", field: "\(source): windows[\(index)]")
                }
            case "blackouts":
                availability.blackouts = try (value.sequence ?? []).enumerated().map { index, node in
                    let fields = try fields(node, ["from", "to"], source: source, what: "blackouts[\(index)]")
                    return try AvailabilityText.parseBlackout("\(fields["from"]!)..\(fields["to"]!)", field: "\(source): blackouts[\(index)]")
                }
            default:
                throw YAMLInput.problem(source, key, "unknown field `\(key.string ?? "?")` (known: hours_per_week, windows, blackouts)")
            }
        }
        return availability
    }

    /// Exactly `names`, each a plain value.
    private static func fields(_ node: Node, _ names: [String], source: String, what: String) throws -> [String: String] {
        guard let mapping = node.mapping else { throw YAMLInput.problem(source, node, "\(what) must be a mapping") }
        var values: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.string, names.contains(name) else {
                throw YAMLInput.problem(source, key, "\(what): unknown field `\(key.string ?? "?")` (known: \(names.joined(separator: ", ")))")
            }
            values[name] = value.string
        }
        for name in names where values[name] == nil {
            throw YAMLInput.problem(source, node, "\(what) needs `\(name)`")
        }
        return values
    }
}
