import Foundation
import Hummingbird
import VolunteerCore
import VolunteerStore

/// The open positions, one position with its application form, and what
/// the form's submission answers: the status token once, or the form again
/// with its problems beside their fields.
struct PositionPages: Sendable {
    let renderer: PageRenderer
    let positions: PositionRepository
    let skills: VocabularyRepository
    let sources: VocabularyRepository
    let notices: PrivacyNoticeRepository
    let submitter: ApplicationSubmitter
    let deadline: DatabaseDeadline

    static let timeZones = TimeZoneRules.known.sorted()

    func list(_ request: Request, language: PageLanguage) async throws -> Response {
        let query = request.uri.queryParameters
        let skill = query["skill"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let spoken = query["language"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        if let skill, !TextRule.skill.allows(skill) { throw Problem(type: .badRequest, status: .badRequest) }
        if let spoken, !TextRule.languageTag.allows(spoken) { throw Problem(type: .badRequest, status: .badRequest) }
        let (open, everyOpen, terms) = try await deadline.run { [positions, skills] in
            async let filtered = positions.listOpen(skill: skill, language: spoken, readIn: language.rawValue)
            async let all = positions.listOpen(readIn: language.rawValue)
            async let vocabulary = skills.list()
            return try await (filtered, all, vocabulary)
        }
        let catalog = renderer.catalog(language)
        let languages = Set(everyOpen.flatMap(\.languages)).sorted()
        let values: [String: Any] = [
            "positions": open.map { Self.summary($0, catalog: catalog, language: language) },
            "none": open.isEmpty,
            "skills": terms.map { ["slug": $0.slug, "label": $0.label, "selected": $0.slug == skill] },
            "spoken": languages.map { ["tag": $0, "selected": $0 == spoken] },
            "filtered": skill != nil || spoken != nil,
        ]
        return renderer.page(
            "positions", values, language: language, title: catalog["positions.title"], path: "/positions", cacheable: true)
    }

    func position(slug: String, language: PageLanguage) async throws -> Response {
        let form = try await formContext(slug: slug, language: language)
        var values = form.values
        values["key"] = UUID().uuidString
        values["timezones"] = Self.timeZones.map { ["zone": $0, "selected": false] }
        values["windows"] = Self.windowRows(FormFields(), errors: [:], catalog: renderer.catalog(language))
        values["values"] = [String: String]()
        values["with_script"] = true
        return renderer.page("position", values, language: language, title: form.title, path: "/positions/\(slug)")
    }

    func apply(slug: String, fields: FormFields, language: PageLanguage) async throws -> Response {
        let catalog = renderer.catalog(language)
        guard let keyText = fields["idempotency_key"], (16...255).contains(keyText.utf8.count),
            keyText.utf8.allSatisfy({ $0.isASCIILetterOrDigit || "-_.:".utf8.contains($0) })
        else { throw Problem(type: .badRequest, status: .badRequest) }
        let key = IdempotencyKey(text: keyText)
        // Sorted keys: a double submit must make the same bytes, which the
        // Idempotency-Key's request hash compares.
        let body = ByteBuffer(bytes: ApplicationForm(fields: fields).request(position: slug, language: language.rawValue).serialized)
        do {
            // A replay answers as the first did: the same token, once more
            // to the one who holds the form's key.
            let (status, answer) = try await submitter.submit(body, key: key)
            guard case .object(let created) = try JSONParser.parse(Array(answer)), case .string(let token) = created["status_token"]
            else { throw Problem(type: .internalError, status: .internalServerError) }
            return renderer.page(
                "submitted", ["token": token], language: language, title: catalog["submitted.title"], path: "/status", status: status)
        } catch let failure as ValidationFailure {
            return try await formAgain(slug: slug, fields: fields, key: keyText, problems: failure.problems, language: language)
        } catch let problem as Problem where problem.status == .unprocessableContent {
            // The key came with other answers before: that application is
            // in; a new key lets this form be sent as another.
            return try await formAgain(
                slug: slug, fields: fields, key: UUID().uuidString, problems: [], notice: catalog["apply.resent"], language: language)
        }
    }

    /// The form with what was typed, the problems beside their fields and
    /// in a summary at the top; 422 unless it is only a notice.
    private func formAgain(
        slug: String, fields: FormFields, key: String, problems: [FieldProblem], notice: String? = nil, language: PageLanguage
    ) async throws -> Response {
        let catalog = renderer.catalog(language)
        let form = try await formContext(slug: slug, language: language)
        var errors: [String: String] = [:]
        var summary: [[String: String]] = []
        let submitted = ApplicationForm(fields: fields)
        var summarised: Set<String> = []
        for problem in problems {
            let id = submitted.fieldID(for: problem.field)
            guard errors[id] == nil else { continue }
            let message = catalog[ApplicationForm.messageKey(for: id)]
            errors[id] = message
            if summarised.insert(ApplicationForm.summaryEntry(of: id)).inserted { summary.append(["id": id, "message": message]) }
        }
        var values = form.values
        values["key"] = key
        values["errors"] = errors
        values["summary"] = summary
        values["has_errors"] = !summary.isEmpty
        values["notice"] = notice
        values["values"] = Self.typed(fields)
        values["skills"] = (form.values["skills"] as? [[String: Any]] ?? []).map { skill in
            var skill = skill
            skill["checked"] = fields.all("skills").contains(skill["slug"] as? String ?? "")
            return skill
        }
        values["sources"] = (form.values["sources"] as? [[String: Any]] ?? []).map { source in
            var source = source
            source["selected"] = fields["source"] == source["slug"] as? String
            return source
        }
        values["timezones"] = Self.timeZones.map { ["zone": $0, "selected": $0 == fields["time_zone"]] }
        values["zone_chosen"] = fields["time_zone"] != nil
        values["consent_checked"] = fields["consent"] == "yes"
        values["windows"] = Self.windowRows(fields, errors: errors, catalog: catalog)
        values["with_script"] = true
        let title = summary.isEmpty ? form.title : catalog.text("apply.errors_title", ["title": form.title])
        return renderer.page(
            "position", values, language: language, title: title, path: "/positions/\(slug)",
            status: summary.isEmpty ? .ok : .unprocessableContent)
    }

    /// The position and the form's choices, or 404 when it is not open.
    private func formContext(slug: String, language: PageLanguage) async throws -> (title: String, values: [String: Any]) {
        guard TextRule.positionSlug.allows(slug) else { throw Problem(type: .notFound, status: .notFound) }
        let (found, skillTerms, sourceTerms, notice) = try await deadline.run { [positions, skills, sources, notices] in
            async let position = positions.listOpen(slug: slug, readIn: language.rawValue).first
            async let skillList = skills.list()
            async let sourceList = sources.list()
            async let newest = notices.list().first
            return try await (position, skillList, sourceList, newest)
        }
        guard let position = found else { throw Problem(type: .notFound, status: .notFound) }
        let catalog = renderer.catalog(language)
        var shown = Self.summary(position, catalog: catalog, language: language)
        shown["paragraphs"] = position.description.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        let values: [String: Any] = [
            "position": shown,
            "skills": skillTerms.map { ["slug": $0.slug, "label": $0.label, "checked": false] as [String: Any] },
            "sources": sourceTerms.map { ["slug": $0.slug, "label": $0.label, "selected": false] as [String: Any] },
            "privacy_notice": notice.map { ["version": $0.version, "url": $0.url ?? ""] } ?? [:],
            "no_notice": notice == nil,
            "action": "/positions/\(position.slug)",
        ]
        return (position.title, values)
    }

    /// A position as a list shows it.
    static func summary(_ position: Position, catalog: PageCatalog, language: PageLanguage) -> [String: Any] {
        var hours = ""
        if let perWeek = position.hoursPerWeek { hours = catalog.text("position.hours", ["hours": String(format: "%g", perWeek)]) }
        return [
            "slug": position.slug, "title": position.title, "team": position.team,
            "short": String(position.description.prefix { $0 != "\n" }.prefix(280)),
            // The templates' sections take an empty text as true: flags say whether there is one.
            "hours": hours, "has_hours": !hours.isEmpty,
            "filled": catalog.text("position.filled", ["filled": String(position.filled), "openings": String(position.openings)]),
            "languages": position.languages.joined(separator: ", "), "has_languages": !position.languages.isEmpty,
            "location": position.location ?? catalog["position.remote"],
            // Text in another language than the page's says which it is; a
            // screen reader then reads it right.
            "text_lang": position.translation ?? "", "has_text_lang": position.translation != nil,
            "href": "/positions/\(position.slug)?lang=\(language.rawValue)",
        ]
    }

    /// What was typed, to fill the form in again (escaped by the template).
    static func typed(_ fields: FormFields) -> [String: String] {
        var values: [String: String] = [:]
        for name in ["name", "email", "telegram", "signal", "other", "languages", "hours"] { values[name] = fields.raw(name) ?? "" }
        values["motivation"] = fields.raw("motivation") ?? ""
        return values
    }

    /// The rows of weekly windows, with what was typed and their problems.
    static func windowRows(_ fields: FormFields, errors: [String: String], catalog: PageCatalog) -> [[String: Any]] {
        (1...ApplicationForm.windowRows).map { row in
            let day = fields["window-\(row)-day"]
            let error = ["day", "start", "end"].compactMap { errors["window-\(row)-\($0)"] }.first
            return [
                "row": row, "start": fields.raw("window-\(row)-start") ?? "", "end": fields.raw("window-\(row)-end") ?? "",
                "days": Weekday.allCases.map {
                    ["value": $0.rawValue, "label": catalog["day.\($0.rawValue)"], "selected": $0.rawValue == day]
                },
                "error": error ?? "", "has_error": error != nil,
                "label": catalog.text("form.window_row", ["row": String(row)]),
            ]
        }
    }
}
