import PostgresNIO
import VolunteerCore

/// Runs `body`, turning the database's refusals into domain errors, so that
/// callers see one vocabulary whether the code or a trigger said no.
func mappingDatabaseErrors<Result>(
    entity: String, key: String,
    _ body: () async throws -> Result
) async throws -> Result {
    do {
        return try await body()
    } catch {
        throw domainError(from: error, entity: entity, key: key)
    }
}

func domainError(from error: any Error, entity: String, key: String) -> any Error {
    guard let psql = error as? PSQLError, let state = psql.sqlState else { return error }
    switch state {
    case .uniqueViolation:
        return DomainError.alreadyExists(entity: entity, key: key)
    case .foreignKeyViolation:
        // Only vocabulary keys (skills, sources) are referenced by value.
        let detail = psql.serverInfo?[.detail] ?? ""
        let referenced = detail.contains("(skill)") ? "skill" : detail.contains("(source)") ? "source" : entity
        return DomainError.unknownReference(entity: referenced, key: referencedKey(in: detail) ?? key)
    case VtrackSQLState.illegalTransition:
        return DomainError.conflict(entity: entity, id: key)
    case VtrackSQLState.positionNotOpen:
        return DomainError.positionNotOpen(slug: key, status: "not open")
    case VtrackSQLState.reasonRequired:
        return DomainError.reasonRequired(entity: entity, id: key, action: "this move")
    case VtrackSQLState.positionFull:
        // The server's message names the slug and counts only.
        let said = psql.serverInfo?[.message] ?? "position \(key) is full"
        return DomainError.invalid(
            field: "position \(key)",
            reason: said.replacingOccurrences(of: "position \(key) ", with: "")
                + "; raise --openings above what is filled, or set --keep-open, to open it"
        )
    case VtrackSQLState.staleRecipients:
        return SealingError.staleRecipients
    case VtrackSQLState.noInbox:
        return MessagingError.noInbox(applications: [key])
    case VtrackSQLState.tooManyUnreadReplies:
        return MessagingError.tooManyUnread(limit: MessagingError.unreadReplyLimit)
    // PostgreSQL's own words here can quote the rejected value ("invalid input
    // syntax for type uuid: …"), and values may be personal: name the rule only.
    case .checkViolation:
        let rule = psql.serverInfo?[.constraintName] ?? "a check"
        return DomainError.invalid(field: entity, reason: "a value breaks the rule \(rule)")
    case .stringDataRightTruncationException:
        return DomainError.invalid(field: entity, reason: "a value is too long")
    case .invalidTextRepresentation, .invalidParameterValue, .arraySubscriptError:
        return DomainError.invalid(field: entity, reason: "a value has the wrong form")
    default:
        return error
    }
}

/// `Key (skill)=(knitting) is not present in table "skills".` → `knitting`.
private func referencedKey(in detail: String) -> String? {
    guard let open = detail.range(of: ")=("),
        let close = detail.range(of: ")", range: open.upperBound..<detail.endIndex)
    else { return nil }
    return String(detail[open.upperBound..<close.lowerBound])
}
