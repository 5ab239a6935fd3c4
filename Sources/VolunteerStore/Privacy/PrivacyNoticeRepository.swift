import Foundation
import PostgresNIO
import VolunteerCore

/// A version of the privacy notice an application can name. Notices are
/// only added: what someone accepted stays what it was.
public struct PrivacyNotice: Sendable, Equatable, Codable {
    public let version: String
    /// Nil for a version applicants named before notices were recorded.
    public let url: String?
    public let addedBy: String
    public let addedAt: Date

    enum CodingKeys: String, CodingKey {
        case version, url
        case addedBy = "added_by"
        case addedAt = "added_at"
    }
}

public struct PrivacyNoticeRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Newest first: the first is the one the applicants' pages link.
    public func list() async throws -> [PrivacyNotice] {
        let rows = try await database.client.query(
            "SELECT version, url, added_by, added_at FROM privacy_notices ORDER BY added_at DESC, version DESC",
            logger: database.logger
        )
        var notices: [PrivacyNotice] = []
        for try await (version, url, addedBy, addedAt) in rows.decode((String, String?, String, Date).self) {
            notices.append(PrivacyNotice(version: version, url: url, addedBy: addedBy, addedAt: addedAt))
        }
        return notices
    }

    public func add(version: String, url: String) async throws -> PrivacyNotice {
        var problems: [FieldProblem] = []
        if let problem = PrivacyNoticeRules.versionProblem(version) { problems.append(FieldProblem("version", problem)) }
        if let problem = PrivacyNoticeRules.urlProblem(url) { problems.append(FieldProblem("url", problem)) }
        guard problems.isEmpty else { throw ValidationFailure(problems) }
        let rows = try await mappingDatabaseErrors(entity: "privacy notice", key: version) {
            try await database.write(
                "INSERT INTO privacy_notices (version, url) VALUES (\(version), \(url)) RETURNING added_by, added_at"
            )
        }
        let (addedBy, addedAt) = try rows[0].decode((String, Date).self)
        return PrivacyNotice(version: version, url: url, addedBy: addedBy, addedAt: addedAt)
    }
}
