/// Why a coordinator erased an applicant. (`applicant`, the applicant's own
/// erasure through their token, is not theirs to give.)
public enum ErasureReason: String, CaseIterable, Sendable, Codable {
    /// The applicant asked without their token (by e-mail, say).
    case request
    /// The retention period is over.
    case retention
    /// The same person applied as another applicant.
    case duplicate
    case other
}
