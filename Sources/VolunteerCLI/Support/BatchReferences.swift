import Foundation
import VolunteerCore

/// The ids a batch command (applications, tasks, volunteers) was given:
/// typed, or one per line on stdin for `-`.
enum BatchReferences {
    static func expand(_ arguments: [String]) -> [String] {
        arguments.flatMap { argument -> [String] in
            guard argument == "-" else { return [argument] }
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            // The first column, so that `list --format csv` or a table can be piped in.
            return input.split(whereSeparator: \.isNewline).compactMap { line in
                let first = line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).first
                    .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                guard let first, !first.isEmpty, first.lowercased() != "id" else { return nil }
                return first
            }
        }
    }
}
