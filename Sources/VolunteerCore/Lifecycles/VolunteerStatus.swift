/// A volunteer's life after acceptance: `onboarding → active ⇄ paused → alumni`.
/// Anyone not yet alumni can leave (offboarding); alumni is final.
public enum VolunteerStatus: String, CaseIterable, Sendable, Codable {
    case onboarding
    case active
    case paused
    case alumni

    public func allowedNext() -> [VolunteerStatus] {
        switch self {
        case .onboarding: [.active, .alumni]
        case .active: [.paused, .alumni]
        case .paused: [.active, .alumni]
        case .alumni: []
        }
    }
}
