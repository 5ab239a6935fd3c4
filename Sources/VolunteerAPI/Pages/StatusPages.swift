import Foundation
import Hummingbird
import VolunteerCore
import VolunteerStore

/// `/status`: the applicant pastes their token (always in a POST body,
/// never in an address) and sees their application; withdrawing and
/// erasing ask first, changing availability takes the form's windows.
/// The page shows the thread with the organisation and takes a reply.
/// A malformed, unknown or erased token gets one and the same answer.
struct StatusPages: Sendable {
    let renderer: PageRenderer
    let selfService: SelfServiceRepository
    let inbox: ApplicantInbox
    let deadline: DatabaseDeadline

    enum Action: String { case view, withdraw, availability, erase, reply }

    /// The reply field's id (its name is `text`).
    static let replyField = "reply-text"

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
        case .reply:
            return try await reply(fields, token: token, language: language)
        }
    }

    /// A reply: the page again with the notice that it was sent, or with what
    /// was typed and the problem beside the field. The form's `reply_id`
    /// (fresh with each page) makes a double submit one message.
    private func reply(_ fields: FormFields, token: StatusToken, language: PageLanguage) async throws -> Response {
        let catalog = renderer.catalog(language)
        // Browsers send a textarea's line breaks as CR LF.
        let typed = (fields.raw("text") ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        let id = fields["reply_id"].flatMap(UUID.init(uuidString:)) ?? UUID()
        let kept = Reply(id: id, text: typed, error: nil)
        let problems = ProblemList()
        guard let text = MessageRules.text(.string(typed), field: "text", problems: problems) else {
            let trimmed = typed.trimmed
            let key =
                trimmed.isEmpty
                ? "messages.error_empty"
                : trimmed.count > MessageRules.textLength.upperBound ? "messages.error_long" : "messages.error_characters"
            let error = catalog.text(key, ["max": "\(MessageRules.textLength.upperBound)", "count": "\(trimmed.count)"])
            return try await show(
                token, language: language, reply: Reply(id: id, text: typed, error: error), status: .unprocessableContent)
        }
        let sentAt: Date?
        do {
            sentAt = try await inbox.send(text, id: id, token: token)
        } catch ApplicantInbox.Refusal.tooManyUnread(let limit) {
            return try await show(
                token, language: language, notice: catalog.text("messages.too_many", ["count": "\(limit)"]), reply: kept,
                status: .tooManyRequests)
        } catch let refusal as ApplicantInbox.Refusal {
            throw MessageRoutes.problem(refusal)
        }
        guard sentAt != nil else { return entry(language: language, status: .notFound, unknown: true) }
        return try await show(token, language: language, notice: catalog["messages.sent"])
    }

    /// The reply form's state: its message id, what was typed, its problem.
    struct Reply {
        var id = UUID()
        var text = ""
        var error: String?
    }

    /// The application the token opens, with its forms.
    private func show(
        _ token: StatusToken, language: PageLanguage, notice: String? = nil, fields: FormFields = FormFields(), errors: [String] = [],
        reply: Reply = Reply(), status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let view = try await deadline.run({ try await selfService.view(tokenHash: token.hash) }),
            let thread = try await inbox.thread(token)
        else {
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
        if let error = reply.error { summary.append(["id": Self.replyField, "message": error]) }
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
            "messages": thread.map { Self.message($0, catalog: catalog) }, "has_messages": !thread.isEmpty,
            "reply_id": reply.id.uuidString.lowercased(), "reply_text": reply.text, "reply_error": reply.error ?? "",
            "has_reply_error": reply.error != nil,
        ]
        return renderer.page("status", values, language: language, title: catalog["status.title"], path: "/status", status: status)
    }

    static func date(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }

    /// A message of the thread for the template; its text is escaped there,
    /// and its line breaks kept by the style sheet.
    static func message(_ message: ApplicantMessage, catalog: PageCatalog) -> [String: Any] {
        let mine = message.direction == .fromApplicant
        return [
            "mine": mine, "author": catalog[mine ? "messages.from_you" : "messages.from_organisation"],
            "at": dateTime(message.sentAt), "datetime": message.sentAt.formatted(.iso8601), "is_new": message.isNew,
            "opened": message.text != nil, "text": message.text ?? "",
        ]
    }

    /// "2026-05-04 14:30 UTC": the same in every language, and no guess at
    /// the reader's time zone.
    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let two = { (value: Int?) in value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)) UTC"
    }
}
