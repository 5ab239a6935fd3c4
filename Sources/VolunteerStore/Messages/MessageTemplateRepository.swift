import Foundation
import PostgresNIO
import VolunteerCore

/// A template's version in one language.
public struct MessageTemplateVersion: Sendable, Equatable, Codable {
    public let name: String
    public let language: String
    public let body: String
    public let updatedBy: String
    public let updatedAt: Date
}

/// The template sent when an application moves to `status`.
public struct StatusNotice: Sendable, Equatable, Codable {
    public let status: ApplicationStatus
    public let template: String
    /// Sent on every move to the status unless `--no-notify`.
    public let byDefault: Bool
}

/// The organisation's message templates, the status notices made of them,
/// and how each coordinator signs.
public struct MessageTemplateRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Adds or replaces a version; the body is checked as a template first.
    public func set(name: String, language: String, body: String) async throws {
        _ = try MessageTemplate(body)
        try await mappingDatabaseErrors(entity: "template", key: name) {
            _ = try await database.write(
                """
                INSERT INTO message_templates (name, language, body) VALUES (\(name), \(language), \(body))
                ON CONFLICT (name, language) DO UPDATE SET body = EXCLUDED.body
                WHERE message_templates.body IS DISTINCT FROM EXCLUDED.body
                """
            )
        }
    }

    /// Every version of `name`, or the one in `language`.
    public func versions(of name: String, language: String? = nil) async throws -> [MessageTemplateVersion] {
        let found = try await list(name: name, language: language)
        guard !found.isEmpty else {
            throw DomainError.notFound(entity: "template", id: language.map { "\(name) (\($0))" } ?? name)
        }
        return found
    }

    /// Every template, by name and language.
    public func list(name: String? = nil, language: String? = nil) async throws -> [MessageTemplateVersion] {
        let rows = try await database.client.query(
            """
            SELECT name, language, body, updated_by, updated_at FROM message_templates
            WHERE (\(name)::text IS NULL OR name = \(name)) AND (\(language)::text IS NULL OR language = \(language))
            ORDER BY name, language
            """,
            logger: database.logger
        )
        var versions: [MessageTemplateVersion] = []
        for try await (name, language, body, by, at) in rows.decode((String, String, String, String, Date).self) {
            versions.append(MessageTemplateVersion(name: name, language: language, body: body, updatedBy: by, updatedAt: at))
        }
        return versions
    }

    /// Removes a version, or every version of `name`; false when there was none.
    public func remove(name: String, language: String?) async throws -> Bool {
        try await !database.write(
            """
            DELETE FROM message_templates WHERE name = \(name) AND (\(language)::text IS NULL OR language = \(language))
            RETURNING 1
            """
        ).isEmpty
    }

    /// Makes `template` the notice of `status`; it must exist in some language.
    /// Refuses a template with an interview's placeholders: a move has no
    /// interview to fill them, and would be refused at every send.
    public func setNotice(_ status: ApplicationStatus, template: String, byDefault: Bool) async throws {
        for version in try await versions(of: template) {
            let used = (try? MessageTemplate(version.body).placeholders) ?? []
            if let placeholder = used.intersection(MessageTemplate.Placeholder.interviewOnly).first {
                throw DomainError.invalid(
                    field: "template",
                    reason: "\(template) (\(version.language)) uses {{\(placeholder.rawValue)}}, which only an interview fills; "
                        + "a status notice cannot use it")
            }
        }
        _ = try await database.write(
            """
            INSERT INTO status_notices (status, template, by_default) VALUES (\(status.rawValue)::application_status, \(template), \(byDefault))
            ON CONFLICT (status) DO UPDATE SET template = EXCLUDED.template, by_default = EXCLUDED.by_default
            """
        )
    }

    public func removeNotice(_ status: ApplicationStatus) async throws -> Bool {
        try await !database.write(
            "DELETE FROM status_notices WHERE status = \(status.rawValue)::application_status RETURNING 1"
        ).isEmpty
    }

    public func notices() async throws -> [StatusNotice] {
        let rows = try await database.client.query(
            "SELECT s.status::text, s.template, s.by_default FROM status_notices s ORDER BY s.status", logger: database.logger
        )
        var notices: [StatusNotice] = []
        for try await (status, template, byDefault) in rows.decode((String, String, Bool).self) {
            notices.append(StatusNotice(status: ApplicationStatus(rawValue: status)!, template: template, byDefault: byDefault))
        }
        return notices
    }

    public func notice(for status: ApplicationStatus) async throws -> StatusNotice? {
        try await notices().first { $0.status == status }
    }

    /// How the calling coordinator signs messages (`{{coordinator}}`); nil clears it.
    public func setDisplayName(_ name: String?) async throws {
        try await mappingDatabaseErrors(entity: "display name", key: "yours") {
            _ = try await database.write("SELECT set_display_name(\(name))")
        }
    }
}
