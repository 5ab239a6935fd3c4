/// What a business operation can refuse, named so that a person knows what to
/// do next. Mapped once to HTTP and once to CLI exit codes.
public enum DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `entity` `id` is in `current`; `wanted` is not among `allowed`.
    case illegalTransition(entity: String, id: String, current: String, wanted: String, allowed: [String])
    /// Someone else changed the record since it was read.
    case conflict(entity: String, id: String)
    case notFound(entity: String, id: String)
    case positionNotOpen(slug: String, status: String)
    case reasonRequired(entity: String, id: String, action: String)
    case alreadyExists(entity: String, key: String)
    case unknownReference(entity: String, key: String)
    case invalid(field: String, reason: String)
    /// A short id that starts more than one record.
    case ambiguous(entity: String, id: String, candidates: [String])

    public var description: String {
        switch self {
        case .illegalTransition(let entity, let id, let current, let wanted, let allowed):
            allowed.isEmpty
                ? "\(entity) \(id) is `\(current)`; it can no longer move"
                : "\(entity) \(id) is `\(current)`; it cannot move to `\(wanted)` (allowed: \(allowed.joined(separator: ", ")))"
        case .conflict(let entity, let id):
            "\(entity) \(id) was changed by someone else meanwhile; look at it again and retry"
        case .notFound(let entity, let id):
            "no \(entity) \(id)"
        case .positionNotOpen(let slug, let status):
            "position \(slug) is `\(status)`; it takes applications only when `open`"
        case .reasonRequired(let entity, let id, let action):
            "\(entity) \(id): \(action) needs a reason"
        case .alreadyExists(let entity, let key):
            "\(entity) \(key) already exists"
        case .unknownReference(let entity, let key):
            "unknown \(entity) \(key)"
        case .invalid(let field, let reason):
            "\(field): \(reason)"
        case .ambiguous(let entity, let id, let candidates):
            "\(id) starts more than one \(entity) (\(candidates.joined(separator: ", "))); give more characters"
        }
    }
}
