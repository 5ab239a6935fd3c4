import Foundation
import VolunteerCore

/// The application form in the API's request shape, so that a page's
/// application passes the same rules, intake, idempotency and sealing as
/// `POST /v1/applications`; and the rules' problems placed beside the
/// form's own fields.
struct ApplicationForm: Sendable {
    /// Rows of weekly windows the form offers.
    static let windowRows = 3
    static let contactKinds = ["email", "telegram", "signal", "other"]

    let fields: FormFields

    /// The body `POST /v1/applications` would take, with the page's
    /// language as the one the organisation writes to the applicant in.
    /// Blank fields are left out; what cannot be a number goes as text, for
    /// the rules to refuse.
    func request(position: String, language: String) -> JSONValue {
        var body: [String: JSONValue] = ["position": .string(position), "language": .string(language)]
        if let name = fields["name"] { body["name"] = .string(name) }
        var contact: [String: JSONValue] = [:]
        for kind in Self.contactKinds { if let value = fields[kind] { contact[kind] = .string(value) } }
        body["contact"] = .object(contact)
        body["languages"] = .array(Self.languageTags(fields["languages"] ?? "").map(JSONValue.string))
        body["skills"] = .array(fields.all("skills").map(JSONValue.string))
        if let zone = fields["time_zone"] { body["time_zone"] = .string(zone) }
        if let availability = availability() { body["availability"] = availability }
        if let motivation = fields.raw("motivation"), !motivation.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            body["motivation"] = .string(motivation)
        }
        if let source = fields["source"] { body["source"] = .string(source) }
        var consent: [String: JSONValue] = ["accepted": .bool(fields["consent"] == "yes")]
        if let version = fields["privacy_notice"] { consent["privacy_policy_version"] = .string(version) }
        body["consent"] = .object(consent)
        return .object(body)
    }

    /// Hours and the filled rows of windows, or nil when none is given.
    func availability() -> JSONValue? {
        var availability: [String: JSONValue] = [:]
        if let hours = fields["hours"] {
            availability["hours_per_week"] = Double(hours).flatMap(JSONNumber.init).map(JSONValue.number) ?? .string(hours)
        }
        var windows: [JSONValue] = []
        for row in 1...Self.windowRows {
            let day = fields["window-\(row)-day"]
            let start = fields["window-\(row)-start"]
            let end = fields["window-\(row)-end"]
            guard day != nil || start != nil || end != nil else { continue }
            var window: [String: JSONValue] = [:]
            if let day { window["day"] = .string(day) }
            if let start { window["start"] = .string(start) }
            if let end { window["end"] = .string(end) }
            windows.append(.object(window))
        }
        if !windows.isEmpty { availability["windows"] = .array(windows) }
        return availability.isEmpty ? nil : .object(availability)
    }

    /// The rows of windows filled in: blank rows are left out of the request,
    /// so its `windows[i]` is the form's row `filledWindowRows[i]`.
    var filledWindowRows: [Int] {
        (1...Self.windowRows).filter { row in ["day", "start", "end"].contains { fields["window-\(row)-\($0)"] != nil } }
    }

    /// `fieldID(for:)` with the request's windows placed back on the rows
    /// they were typed in: a problem with `windows[0]` when only row 2 was
    /// filled belongs to `window-2-…`.
    func fieldID(for field: String) -> String {
        let id = Self.fieldID(for: field)
        let parts = id.split(separator: "-")
        guard parts.count == 3, parts[0] == "window", let index = Int(parts[1]) else { return id }
        let rows = filledWindowRows
        guard rows.indices.contains(index - 1) else { return id }
        return "window-\(rows[index - 1])-\(parts[2])"
    }

    /// "uk, en-GB" → ["uk", "en-GB"].
    static func languageTags(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
    }

    /// The form field a problem belongs to: `contact.email` is `email`,
    /// `availability.windows[1].start` is `window-2-start`.
    static func fieldID(for field: String) -> String {
        let parts = field.split(separator: ".").map(String.init)
        switch parts.first {
        case "contact": return parts.count > 1 ? parts[1] : "contact"
        case "consent": return "consent"
        case "availability":
            guard parts.count > 1 else { return "hours" }
            if parts[1] == "hours_per_week" { return "hours" }
            if parts[1].hasPrefix("windows["), let row = Int(parts[1].dropFirst(8).prefix { $0.isNumber }) {
                return "window-\(row + 1)-" + (parts.count > 2 ? parts[2] : "day")
            }
            return "hours"
        case let name?:
            let base = String(name.prefix { $0 != "[" })
            return base == "hours_per_week" ? "hours" : base
        case nil: return "name"
        }
    }

    /// What the error summary lists once: a row of windows (one message for
    /// its day, start and end, linked to its first field with a problem),
    /// else the field.
    static func summaryEntry(of fieldID: String) -> String {
        let parts = fieldID.split(separator: "-")
        return parts.count == 3 && parts[0] == "window" ? "window-\(parts[1])" : fieldID
    }

    /// The catalog key of a field's message: one per kind of field.
    static func messageKey(for fieldID: String) -> String {
        fieldID.hasPrefix("window-") ? "error.window" : "error.\(fieldID)"
    }
}
