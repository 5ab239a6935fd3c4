import Foundation
import PostgresNIO
import VolunteerCore

/// Turns a coordinator's draft into one sealed message per application:
/// each in the applicant's language (a template's version for it, by exact
/// tag or else by its primary language), with the position's title in that
/// language, sealed for the application's inbox key and the organisation
/// key. All or nothing: a missing inbox or language refuses the lot.
struct MessageComposer: Sendable {
    let database: Database

    /// Composes and writes them on `connection`, in the caller's
    /// transaction; the message ids, in the order of `applicationIDs`.
    @discardableResult
    func send(_ draft: MessageDraft, to applicationIDs: [UUID], on connection: PostgresConnection) async throws -> [UUID] {
        let messages = try await compose(draft, for: applicationIDs, on: connection)
        try await connection.query(OutgoingMessage.insert(messages), logger: database.logger)
        return messages.map(\.sealed.id)
    }

    func compose(_ draft: MessageDraft, for applicationIDs: [UUID], on connection: PostgresConnection) async throws -> [OutgoingMessage] {
        guard let organisation = try await organisationKey(on: connection) else {
            throw DomainError.notFound(entity: "organisation key", id: "current")
        }
        let recipients = try await recipients(applicationIDs, on: connection)
        let missingInbox = recipients.filter { $0.inbox == nil }.map { ShortID.display($0.applicationID) }
        guard missingInbox.isEmpty else { throw MessagingError.noInbox(applications: missingInbox) }
        let texts: [String]
        switch draft {
        case .text(let text):
            texts = recipients.map { _ in text }
        case .template(let name, let language):
            let versions = try await versions(of: name, on: connection)
            texts = try await render(versions, name: name, language: language, for: recipients, on: connection)
        case .interview(let notice, let template):
            if let template {
                let versions = try await versions(of: template, on: connection)
                texts = try await render(versions, name: template, language: nil, interview: notice, for: recipients, on: connection)
            } else {
                texts = try await render(
                    InterviewNotice.builtIn(notice.change), name: "built-in interview notice", language: nil,
                    fallback: InterviewNotice.fallbackLanguage, interview: notice, for: recipients, on: connection)
            }
        }
        return try zip(recipients, texts).map { recipient, text in
            OutgoingMessage(
                applicationID: recipient.applicationID, template: draft.templateName,
                sealed: try SealedMessage(text: text, inbox: recipient.inbox!, organisation: organisation))
        }
    }

    private struct Recipient {
        let applicationID: UUID
        let inbox: InboxPublicKey?
        let language: String
        let positionID: UUID
        let positionTitle: String
    }

    private func organisationKey(on connection: PostgresConnection) async throws -> RecipientKey? {
        let rows = try await connection.query(
            "SELECT id, public_key FROM organisation_keys WHERE retired_at IS NULL", logger: database.logger
        ).collect()
        return try rows.first.map {
            let (id, raw) = try $0.decode((UUID, ByteBuffer).self)
            return try RecipientKey(id: id, name: "organisation", rawPublicKey: Array(buffer: raw))
        }
    }

    /// In the order given; an unknown id is `DomainError.notFound`. An
    /// application without a recorded language gets its applicant's first.
    private func recipients(_ ids: [UUID], on connection: PostgresConnection) async throws -> [Recipient] {
        let rows = try await connection.query(
            """
            SELECT r.id, a.id, t.inbox_key, coalesce(a.language, p.languages[1], 'en'), a.position_id, pos.title
            FROM unnest(\(ids)::uuid[]) WITH ORDINALITY AS r (id, n)
            LEFT JOIN applications a ON a.id = r.id
            LEFT JOIN applicants p ON p.id = a.applicant_id
            LEFT JOIN positions pos ON pos.id = a.position_id
            LEFT JOIN application_tokens t ON t.application_id = a.id
            ORDER BY r.n
            """,
            logger: database.logger
        ).collect()
        return try rows.map { row in
            let (wanted, found, inbox, language, position, title) = try row.decode(
                (UUID, UUID?, ByteBuffer?, String?, UUID?, String?).self)
            guard found != nil, let language, let position, let title else {
                throw DomainError.notFound(entity: "application", id: ShortID.display(wanted))
            }
            return Recipient(
                applicationID: wanted, inbox: try inbox.map { try InboxPublicKey(rawRepresentation: Array(buffer: $0)) },
                language: language, positionID: position, positionTitle: title)
        }
    }

    /// The organisation's template `name`, by language.
    private func versions(of name: String, on connection: PostgresConnection) async throws -> [String: String] {
        let versions = try await connection.query(
            "SELECT language, body FROM message_templates WHERE name = \(name)", logger: database.logger
        ).collect().reduce(into: [String: String]()) { versions, row in
            let (language, body) = try row.decode((String, String).self)
            versions[language] = body
        }
        guard !versions.isEmpty else { throw DomainError.notFound(entity: "template", id: name) }
        return versions
    }

    /// Each recipient's text from the version in their language (`wanted`
    /// for all, when given), else `fallback`'s; without one, a recipient
    /// whose language has no version refuses the lot.
    private func render(
        _ versions: [String: String], name: String, language wanted: String?, fallback: String? = nil,
        interview: InterviewNotice? = nil, for recipients: [Recipient], on connection: PostgresConnection
    ) async throws -> [String] {
        let chosen = recipients.map { Self.version(of: versions, for: wanted ?? $0.language) ?? fallback }
        let missing = zip(recipients, chosen).filter { $0.1 == nil }
        guard missing.isEmpty else {
            throw MessagingError.templateLanguageMissing(
                name: name, languages: Array(Set(missing.map { wanted ?? $0.0.language })).sorted(),
                applications: missing.map { ShortID.display($0.0.applicationID) })
        }
        var templates: [String: MessageTemplate] = [:]
        for language in Set(chosen.compactMap { $0 }) {
            do throws(MessageTemplateError) {
                templates[language] = try MessageTemplate(versions[language]!)
            } catch {
                throw MessagingError.template(name: "\(name) (\(language))", error)
            }
        }
        let uses = Set(templates.values.flatMap(\.placeholders))
        let coordinator = uses.contains(.coordinator) ? try await displayName(on: connection) : nil
        let titles =
            uses.contains(.position) ? try await translatedTitles(recipients, languages: Array(templates.keys), on: connection) : [:]
        return try zip(recipients, chosen).map { recipient, language in
            var values: [MessageTemplate.Placeholder: String] = [
                .position: titles[TitleKey(position: recipient.positionID, language: language!)] ?? recipient.positionTitle
            ]
            values[.coordinator] = coordinator
            values.merge(interview?.values(in: language!) ?? [:]) { $1 }
            do throws(MessageTemplateError) {
                return try templates[language!]!.render(values)
            } catch {
                throw MessagingError.template(name: "\(name) (\(language!))", error)
            }
        }
    }

    /// The version in `language`, or else in its primary language (`en` for `en-GB`).
    static func version(of versions: [String: String], for language: String) -> String? {
        if versions[language] != nil { return language }
        let primary = String(language.prefix { $0 != "-" })
        return versions[primary] != nil ? primary : nil
    }

    private func displayName(on connection: PostgresConnection) async throws -> String? {
        try await connection.query(
            "SELECT display_name FROM coordinators WHERE name = session_user", logger: database.logger
        ).collect().first?.decode(String?.self)
    }

    private struct TitleKey: Hashable {
        let position: UUID
        let language: String
    }

    private func translatedTitles(
        _ recipients: [Recipient], languages: [String], on connection: PostgresConnection
    ) async throws -> [TitleKey: String] {
        let rows = try await connection.query(
            """
            SELECT position_id, language, title FROM position_translations
            WHERE position_id = ANY (\(Array(Set(recipients.map(\.positionID))))::uuid[]) AND language = ANY (\(languages)::text[])
            """,
            logger: database.logger
        ).collect()
        return try rows.reduce(into: [:]) { titles, row in
            let (position, language, title) = try row.decode((UUID, String, String).self)
            titles[TitleKey(position: position, language: language)] = title
        }
    }
}
