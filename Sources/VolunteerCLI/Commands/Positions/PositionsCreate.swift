import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore
import Yams

/// The fields of a position given on the command line or in a file.
struct PositionFields: ParsableArguments {
    @Option(help: "Title shown to applicants.") var title: String?
    @Option(help: "The team it belongs to.") var team: String?
    @Option(help: "The long description (or use --file).") var description: String?
    @Option(help: "A skill from the vocabulary (repeatable).") var skill: [String] = []
    @Option(help: "A language tag such as uk or en (repeatable).") var language: [String] = []
    @Option(help: "Expected hours per week.") var hours: Double?
    @Option(help: "Where, if not remote.") var location: String?
    @Option(help: "How many people are sought.") var openings: Int?
    @Option(help: "A YAML or JSON file with any of: title, team, description, skills, languages, hours_per_week, location, openings.")
    var file: String?

    /// The file's fields, overridden by any flag given.
    func changes() throws -> PositionChanges {
        var changes = try file.map(PositionFile.load)?.changes ?? PositionChanges()
        if let title { changes.title = title }
        if let team { changes.team = team }
        if let description { changes.description = description }
        if !skill.isEmpty { changes.skills = skill }
        if !language.isEmpty { changes.languages = language }
        if let hours { changes.hoursPerWeek = hours }
        if let location { changes.location = location }
        if let openings { changes.openings = openings }
        return changes
    }
}

/// `--file`: YAML (JSON is YAML too). Unknown fields are refused by name.
struct PositionFile: Decodable {
    var title: String?
    var team: String?
    var description: String?
    var skills: [String]?
    var languages: [String]?
    var hoursPerWeek: Double?
    var location: String?
    var openings: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, team, description, skills, languages, hoursPerWeek = "hours_per_week", location, openings
    }

    var changes: PositionChanges {
        var changes = PositionChanges()
        (changes.title, changes.team, changes.description) = (title, team, description)
        (changes.skills, changes.languages) = (skills, languages)
        (changes.hoursPerWeek, changes.location, changes.openings) = (hoursPerWeek, location, openings)
        return changes
    }

    static func load(_ path: String) throws -> PositionFile {
        let node = try YAMLInput.compose(try YAMLInput.read(path), source: path)
        guard let mapping = node?.mapping else { throw DomainError.invalid(field: path, reason: "must be a mapping of field: value") }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        for key in mapping.keys {
            guard let name = key.string, known.contains(name) else {
                throw YAMLInput.problem(path, key, "unknown field `\(key.string ?? "?")` (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
        do {
            return try YAMLDecoder().decode(PositionFile.self, from: node!)
        } catch let error as DecodingError {
            throw DomainError.invalid(field: path, reason: Self.describe(error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            "field `\(context.codingPath.map(\.stringValue).joined(separator: "."))` must be \(type == Double.self || type == Int.self ? "a number" : type == [String].self ? "a list" : "text")"
        default: "unreadable fields"
        }
    }
}

struct PositionsCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a position as a draft (open it with `vtrack positions open`).",
        discussion: """
            Examples:
              vtrack positions create editor --title "Editor" --team Editorial --skill editing --language uk
              vtrack positions create translator-en --file translator.yaml
            A file looks like:
              title: Translator (English)
              team: Translation
              skills: [translation]
              languages: [uk, en]
              hours_per_week: 5
              description: |
                Translate two articles a week…
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var fields: PositionFields
    @Flag(help: "Print the position as JSON.") var json = false
    @Argument(help: "Its slug: lower-case letters, digits and dashes, as in editor or translator-en.") var slug: String

    func run() async throws {
        try await CLIFailure.run {
            let changes = try fields.changes()
            guard let title = changes.title, let team = changes.team else {
                throw DomainError.invalid(field: "position", reason: "needs --title and --team (or title: and team: in --file)")
            }
            let new = NewPosition(
                slug: slug, title: title, team: team, description: changes.description ?? "", skills: changes.skills ?? [],
                languages: changes.languages ?? [], hoursPerWeek: changes.hoursPerWeek, location: changes.location,
                openings: changes.openings ?? 1
            )
            let position = try await database.withDatabase { try await PositionRepository(database: $0).create(new) }
            Terminal.standardOutput.writeLine(
                json ? try JSONOutput.render(position) : "position \(position.slug) created as a draft; open it with `vtrack positions open \(position.slug)`"
            )
        }
    }
}

struct PositionsEdit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a position's fields; what you do not give stays as it is.",
        discussion: """
            --skill and --language replace the whole list when given.
            Examples:
              vtrack positions edit editor --openings 3 --hours 6
              vtrack positions edit editor --file editor.yaml
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var fields: PositionFields
    @Flag(help: "Print the position as JSON.") var json = false
    @Argument(help: "The position's slug.") var slug: String

    func run() async throws {
        try await CLIFailure.run {
            let changes = try fields.changes()
            guard !changes.isEmpty else { throw DomainError.invalid(field: "edit", reason: "nothing to change: give a flag or --file") }
            let slug = self.slug
            let position = try await database.withDatabase { try await PositionRepository(database: $0).edit(slug: slug, changes) }
            Terminal.standardOutput.writeLine(json ? try JSONOutput.render(position) : "position \(position.slug) updated")
        }
    }
}
