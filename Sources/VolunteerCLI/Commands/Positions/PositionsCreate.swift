import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// The fields of a position given on the command line or in a file.
struct PositionFields: ParsableArguments {
    @Option(help: "Title shown to applicants.") var title: String?
    @Option(help: "The team it belongs to.") var team: String?
    @Option(help: "The long description (or use --file).") var description: String?
    @Option(help: "A skill from the vocabulary (repeatable).") var skill: [String] = []
    @Option(help: "A language tag such as uk or en (repeatable).") var language: [String] = []
    @Option(help: "Expected hours per week.") var hours: Double?
    @Option(help: "Where, if not remote.") var location: String?
    @Option(help: "How many people are sought; when that many are accepted, the position pauses itself.") var openings: Int?
    @Flag(
        inversion: .prefixedNo,
        help: "Keep taking applications when every opening is filled (no pause by the database); --no-keep-open undoes it."
    )
    var keepOpen: Bool?
    @Option(help: "A YAML or JSON file with any of: title, team, description, skills, languages, hours_per_week, location, openings.")
    var file: String?

    static let names = FlagNames(flags: [
        "title": "--title", "team": "--team", "description": "--description", "skills": "--skill", "languages": "--language",
        "hours_per_week": "--hours", "location": "--location", "openings": "--openings",
    ])

    /// The file's fields, overridden by any flag given; both read by the same rules.
    func changes() throws -> PositionChanges {
        let fromFile = try file.map { try InputFile.load($0).read(PositionRules.read) } ?? PositionChanges()
        var fields: [String: JSONValue] = [:]
        for (key, text) in [("title", title), ("team", team), ("description", description), ("location", location)] {
            if let text { fields[key] = .string(text) }
        }
        if !skill.isEmpty { fields["skills"] = .array(skill.map(JSONValue.string)) }
        if !language.isEmpty { fields["languages"] = .array(language.map(JSONValue.string)) }
        if let hours { fields["hours_per_week"] = try Self.names.number(hours, for: "hours_per_week") }
        if let openings { fields["openings"] = .number(JSONNumber(openings)) }
        var changes = fromFile.overridden(by: try Self.names.read(fields, PositionRules.read))
        if let keepOpen { changes.keepOpen = keepOpen }
        return changes
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
            guard TextRule.positionSlug.allows(slug) else {
                throw DomainError.invalid(field: "slug", reason: TextRule.positionSlug.problem)
            }
            let changes = try fields.changes()
            guard let title = changes.title, let team = changes.team else {
                throw DomainError.invalid(field: "position", reason: "needs --title and --team (or title: and team: in --file)")
            }
            let new = NewPosition(
                slug: slug, title: title, team: team, description: changes.description ?? "", skills: changes.skills ?? [],
                languages: changes.languages ?? [], hoursPerWeek: changes.hoursPerWeek, location: changes.location,
                openings: changes.openings ?? 1, keepOpen: changes.keepOpen ?? false
            )
            let position = try await database.withDatabase { try await PositionRepository(database: $0).create(new) }
            Terminal.standardOutput.writeLine(
                json
                    ? try JSONOutput.render(position)
                    : "position \(position.slug) created as a draft; open it with `vtrack positions open \(position.slug)`"
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
              vtrack positions edit editor --keep-open
            Raising --openings above the accepted applications of a position
            that paused itself for being full opens it again.
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
