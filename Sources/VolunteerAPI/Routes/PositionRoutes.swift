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
        /// Openings already filled (accepted applicants): `filled 2/3`.
        let filled: Int
        let translation: String?

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
            filled = position.filled
            translation = position.translation
        }

        enum CodingKeys: String, CodingKey {
            case slug, title, team, description, skills, languages, hoursPerWeek, location, openings, filled, translation
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
            try container.encode(filled, forKey: .filled)
            try container.encode(translation, forKey: .translation)
        }
    }

    func register(on router: Router<APIRequestContext>) {
        let deadline = self.deadline
        router.get("v1/positions") { request, _ in
            let filters = try Self.filters(request.uri.queryParameters)
            let open = try await deadline.run {
                try await positions.listOpen(skill: filters.skill, language: filters.language, team: filters.team, readIn: filters.readIn)
            }
            return JSONBody.response(.ok, try JSONBody.encode(["positions": open.map(PublicPosition.init)]), private: false)
        }
        router.get("v1/positions/{slug}") { request, context in
            let slug = try context.parameters.require("slug")
            let readIn = try Self.readIn(request.uri.queryParameters)
            guard TextRule.positionSlug.allows(slug),
                let position = try await deadline.run({ try await positions.listOpen(slug: slug, readIn: readIn).first })
            else {
                throw Problem(type: .notFound, status: .notFound, detail: "No open position has this slug.")
            }
            return JSONBody.response(.ok, try JSONBody.encode(PublicPosition(position)), private: false)
        }
    }

    /// `?lang=`, the reader's language, and nothing else.
    static func readIn(_ query: Parameters) throws -> String? {
        var problems: [FieldProblem] = []
        for key in query.map({ String($0.key) }) where key != "lang" {
            problems.append(FieldProblem(key, "is not a known parameter (lang)"))
        }
        let lang = query["lang"].map(String.init)
        if let lang, !TextRule.languageTag.allows(lang) { problems.append(FieldProblem("lang", TextRule.languageTag.problem)) }
        guard problems.isEmpty else {
            throw Problem(type: .badRequest, status: .badRequest, detail: "Some parameters are not valid.", errors: problems)
        }
        return lang
    }

    static func filters(_ query: Parameters) throws -> (skill: String?, language: String?, team: String?, readIn: String?) {
        var problems: [FieldProblem] = []
        for key in query.map({ String($0.key) }) where !["skill", "language", "team", "lang"].contains(key) {
            problems.append(FieldProblem(key, "is not a known filter (skill, language, team) or lang"))
        }
        let skill = query["skill"].map(String.init)
        let language = query["language"].map(String.init)
        let team = query["team"].map(String.init)
        if let skill, !TextRule.skill.allows(skill) { problems.append(FieldProblem("skill", TextRule.skill.problem)) }
        if let language, !TextRule.languageTag.allows(language) { problems.append(FieldProblem("language", TextRule.languageTag.problem)) }
        let readIn = query["lang"].map(String.init)
        if let readIn, !TextRule.languageTag.allows(readIn) { problems.append(FieldProblem("lang", TextRule.languageTag.problem)) }
        if let team, !PositionRules.teamLength.contains(team.count) || team.unicodeScalars.contains(where: \.isControlCharacter) {
            problems.append(FieldProblem("team", "must be 1 to 80 characters, without control characters"))
        }
        guard problems.isEmpty else {
            throw Problem(type: .badRequest, status: .badRequest, detail: "Some filters are not valid.", errors: problems)
        }
        return (skill, language, team, readIn)
    }
}
