import Foundation
import Hummingbird
import VolunteerCore
import VolunteerStore

/// `GET /v1/positions` and `GET /v1/positions/{slug}`: open positions only.
struct PositionRoutes {
    let positions: PositionRepository
    let deadline: DatabaseDeadline

    /// What the public sees of a position: no ids, no internal state.
    struct PublicPosition: Encodable {
        let slug, title, team, description: String
        let skills, languages: [String]
        let hoursPerWeek: Double?
        let location: String?
        let openings: Int

        init(_ position: Position) {
            slug = position.slug
            title = position.title
            team = position.team
            description = position.description
            skills = position.skills
            languages = position.languages
            hoursPerWeek = position.hoursPerWeek
            location = position.location
            openings = position.openings
        }

        enum CodingKeys: String, CodingKey {
            case slug, title, team, description, skills, languages, hoursPerWeek, location, openings
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(slug, forKey: .slug)
            try container.encode(title, forKey: .title)
            try container.encode(team, forKey: .team)
            try container.encode(description, forKey: .description)
            try container.encode(skills, forKey: .skills)
            try container.encode(languages, forKey: .languages)
            try container.encode(hoursPerWeek, forKey: .hoursPerWeek)
            try container.encode(location, forKey: .location)
            try container.encode(openings, forKey: .openings)
        }
    }

    func register(on router: Router<APIRequestContext>) {
        let deadline = self.deadline
        router.get("v1/positions") { request, _ in
            let filters = try Self.filters(request.uri.queryParameters)
            let open = try await deadline.run {
                try await positions.listOpen(skill: filters.skill, language: filters.language, team: filters.team)
            }
            return JSONBody.response(.ok, try JSONBody.encode(["positions": open.map(PublicPosition.init)]), private: false)
        }
        router.get("v1/positions/{slug}") { _, context in
            let slug = try context.parameters.require("slug")
            guard TextRule.positionSlug.allows(slug),
                let position = try await deadline.run({ try await positions.listOpen(slug: slug).first })
            else {
                throw Problem(type: .notFound, status: .notFound, detail: "No open position has this slug.")
            }
            return JSONBody.response(.ok, try JSONBody.encode(PublicPosition(position)), private: false)
        }
    }

    static func filters(_ query: Parameters) throws -> (skill: String?, language: String?, team: String?) {
        var problems: [FieldProblem] = []
        for key in query.map({ String($0.key) }) where !["skill", "language", "team"].contains(key) {
            problems.append(FieldProblem(key, "is not a known filter (skill, language, team)"))
        }
        let skill = query["skill"].map(String.init)
        let language = query["language"].map(String.init)
        let team = query["team"].map(String.init)
        if let skill, !TextRule.skill.allows(skill) { problems.append(FieldProblem("skill", TextRule.skill.problem)) }
        if let language, !TextRule.languageTag.allows(language) { problems.append(FieldProblem("language", TextRule.languageTag.problem)) }
        if let team, !PositionRules.teamLength.contains(team.count) || team.unicodeScalars.contains(where: \.isControlCharacter) {
            problems.append(FieldProblem("team", "must be 1 to 80 characters, without control characters"))
        }
        guard problems.isEmpty else {
            throw Problem(type: .badRequest, status: .badRequest, detail: "Some filters are not valid.", errors: problems)
        }
        return (skill, language, team)
    }
}
