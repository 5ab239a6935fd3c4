/// Where an application stands in the pipeline.
///
/// The pipeline runs `submitted → screening → interview → offered → accepted`.
/// Coordinators may skip forward but never go back, except out of `onHold`,
/// which returns to the state it was put on hold from. `rejected` and
/// `withdrawn` end any active application; the three end states are final.
public enum ApplicationStatus: String, CaseIterable, Sendable, Codable {
    case submitted
    case screening
    case interview
    case offered
    case accepted
    case rejected
    case withdrawn
    case onHold = "on_hold"

    public var isFinal: Bool { self == .accepted || self == .rejected || self == .withdrawn }

    /// Still waiting for a coordinator to act.
    public var isOpen: Bool { !isFinal }
    public static let open = allCases.filter(\.isOpen)
    /// Open and not on hold: the states an application can be put on hold
    /// from and returns to, and those the weekly report counts as waiting.
    public static let active = open.filter { $0 != .onHold }

    /// Position along the pipeline, for the states that have one.
    var stage: Int? {
        switch self {
        case .submitted: 0
        case .screening: 1
        case .interview: 2
        case .offered: 3
        case .accepted: 4
        case .rejected, .withdrawn, .onHold: nil
        }
    }

    /// Every state this one may move to. `heldFrom` is the state an
    /// `onHold` application was put on hold from.
    public func allowedNext(heldFrom: ApplicationStatus? = nil) -> [ApplicationStatus] {
        if isFinal { return [] }
        if self == .onHold {
            return [heldFrom, .rejected, .withdrawn].compactMap { $0 }
        }
        let stage = self.stage!
        let forward = Self.allCases.filter { ($0.stage ?? -1) > stage }
        return forward + [.rejected, .withdrawn, .onHold]
    }

    public func canMove(to next: ApplicationStatus, heldFrom: ApplicationStatus? = nil) -> Bool {
        allowedNext(heldFrom: heldFrom).contains(next)
    }
}

/// Why an application was rejected: a fixed list, so reports can count them.
public enum RejectionReason: String, CaseIterable, Sendable, Codable {
    case notAFit = "not_a_fit"
    case positionFilled = "position_filled"
    case noResponse = "no_response"
    case duplicate
    case spam
    /// Needs an explanation, which is kept with the applicant's sealed data.
    case other
}
