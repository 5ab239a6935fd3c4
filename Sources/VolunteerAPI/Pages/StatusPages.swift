import Foundation
import Hummingbird
import VolunteerCore
import VolunteerStore

/// `/status`: the applicant pastes their token (always in a POST body,
/// never in an address) and sees their application; withdrawing and
/// erasing ask first, changing availability takes the form's windows.
/// A malformed, unknown or erased token gets one and the same answer.
struct StatusPages: Sendable {
    let renderer: PageRenderer
    let selfService: SelfServiceRepository
    let deadline: DatabaseDeadline

    enum Action: String { case view, withdraw, availability, erase }

    func entry(language: PageLanguage, status: HTTPResponse.Status = .ok, unknown: Bool = false) -> Response {
        let catalog = renderer.catalog(language)
        return renderer.page(
            "status-entry", ["unknown": unknown], language: language, title: catalog["status.entry_title"], path: "/status", status: status)
    }

    func act(_ fields: FormFields, language: PageLanguage) async throws -> Response {
        guard let action = Action(rawValue: fields["action"] ?? "view") else { throw Problem(type: .badRequest, status: .badRequest) }
        guard let token = fields["token"].flatMap(StatusToken.parse) else {
            return entry(language: language, status: .notFound, unknown: true)
        }
        let confirmed = fields["confirm"] == "yes"
        let catalog = renderer.catalog(language)
        switch action {
        case .view:
            return try await show(token, language: language)
        case .withdraw where !confirmed, .erase where !confirmed:
            return renderer.page(
                "confirm",
                [
                    "token": token.text, "action": action.rawValue, "question": catalog["confirm.\(action.rawValue)"],
                    "button": catalog["confirm.\(action.rawValue)_button"],
                ],
                language: language, title: catalog["confirm.title"], path: "/status")
        case .withdraw:
            let status: ApplicationStatus?
            do {
                status = try await deadline.run { try await selfService.withdraw(tokenHash: token.hash) }
            } catch DomainError.conflict, DomainError.illegalTransition {
                return try await show(token, language: language, notice: catalog["status.cannot_withdraw"], status: .conflict)
            }
            guard status != nil else { return entry(language: language, status: .notFound, unknown: true) }
            return try await show(token, language: language, notice: catalog["status.withdrawn_notice"])
        case .erase:
            guard try await deadline.run({ try await selfService.erase(tokenHash: token.hash) }) else {
                return entry(language: language, status: .notFound, unknown: true)
            }
            return renderer.page("erased", [:], language: language, title: catalog["erased.title"], path: "/status")
        case .availability:
            let form = ApplicationForm(fields: fields)
            let value = form.availability() ?? .object([:])
            let availability: Availability
            do {
                availability = try FieldReader.read(value, AvailabilityRules.read)
            } catch {
                let ids = error.problems.map { form.fieldID(for: "availability.\($0.field)") }
                return try await show(token, language: language, fields: fields, errors: ids, status: .unprocessableContent)
            }
            guard try await deadline.run({ try await selfService.setAvailability(tokenHash: token.hash, availability) }) else {
                return entry(language: language, status: .notFound, unknown: true)
            }
            return try await show(token, language: language, notice: catalog["status.availability_saved"])
        }
    }

    /// The application the token opens, with its forms.
    private func show(
        _ token: StatusToken, language: PageLanguage, notice: String? = nil, fields: FormFields = FormFields(), errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let view = try await deadline.run({ try await selfService.view(tokenHash: token.hash) }) else {
            return entry(language: language, status: .notFound, unknown: true)
        }
        let catalog = renderer.catalog(language)
        var messages: [String: String] = [:]
        var summary: [[String: String]] = []
        var summarised: Set<String> = []
        for id in errors where messages[id] == nil {
            messages[id] = catalog[ApplicationForm.messageKey(for: id)]
            if summarised.insert(ApplicationForm.summaryEntry(of: id)).inserted { summary.append(["id": id, "message": messages[id]!]) }
        }
        let open = !["accepted", "rejected", "withdrawn"].contains(view.status.rawValue)
        let values: [String: Any] = [
            "token": token.text, "notice": notice ?? "", "has_notice": notice != nil,
            "position_title": view.positionTitle, "status": catalog["states.\(view.status.rawValue)"],
            "submitted": Self.date(view.submittedAt),
            "timeline": view.timeline.map { ["status": catalog["states.\($0.status)"], "at": Self.date($0.at)] },
            "can_withdraw": open,
            "windows": PositionPages.windowRows(fields, errors: messages, catalog: catalog),
            "hours": fields.raw("hours") ?? "", "hours_error": messages["hours"] ?? "", "has_hours_error": messages["hours"] != nil,
            "summary": summary, "has_errors": !summary.isEmpty,
        ]
        return renderer.page("status", values, language: language, title: catalog["status.title"], path: "/status", status: status)
    }

    static func date(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }
}
