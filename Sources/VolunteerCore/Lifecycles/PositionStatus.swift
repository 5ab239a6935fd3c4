/// A position's life: `draft → open ⇄ paused`, `open|paused → closed`, and
/// `closed → open` again only with a reason. Only `open` positions take
/// applications.
public enum PositionStatus: String, CaseIterable, Sendable, Codable {
    case draft
    case open
    case paused
    case closed

    public var acceptsApplications: Bool { self == .open }

    public func allowedNext() -> [PositionStatus] {
        switch self {
        case .draft: [.open]
        case .open: [.paused, .closed]
        case .paused: [.open, .closed]
        case .closed: [.open]
        }
    }

    /// Reopening a closed position must be explained.
    public func requiresReason(toMoveTo next: PositionStatus) -> Bool {
        self == .closed && next == .open
    }
}
