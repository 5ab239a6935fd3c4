import PostgresNIO
import VolunteerCore

extension PSQLError {
    /// The server's SQLSTATE; nil when the error is not the server's answer.
    public var sqlState: PostgresError.Code? { serverInfo?[.sqlState].map(PostgresError.Code.init(raw:)) }

    /// The database is away, not the statement wrong: the connection failed,
    /// the server was shut down or ended the session (class 57), refuses
    /// connections to this database (55000 at start-up, or it does not exist),
    /// or has no room for another (class 53). Worth a 503 and a retry.
    public var meansDatabaseUnavailable: Bool {
        guard code == .server else { return true }
        guard let state = sqlState else { return false }
        return ["08", "57", "53"].contains(state.raw.prefix(2))
            || state == .objectNotInPrerequisiteState || state == .invalidCatalogName
    }

    /// The server's own words (message, detail, hint), which name SQL objects
    /// and never bound values.
    var serverSummary: String {
        guard let info = serverInfo else { return code.description }
        return [info[.message], info[.detail], info[.hint]].compactMap { $0 }.joined(separator: "; ")
    }
}

/// SQLSTATEs that vtrack's own triggers and functions raise (see
/// migrations/); PostgreSQL's own have names in `PostgresError.Code`.
enum VtrackSQLState {
    static let illegalTransition: PostgresError.Code = "VT001"
    static let positionNotOpen: PostgresError.Code = "VT002"
    static let appendOnly: PostgresError.Code = "VT003"
    static let reasonRequired: PostgresError.Code = "VT004"
    static let staleRecipients: PostgresError.Code = "VT005"
    /// The statement would leave sealed data that no registered key opens.
    static let lastKeyForSomeone: PostgresError.Code = "VT006"
    /// Written about an applicant outside the transaction that created them.
    static let notANewApplicant: PostgresError.Code = "VT007"
    static let noSuchKey: PostgresError.Code = "VT008"
    /// A reveal read without a committed request.
    static let uncommittedReveal: PostgresError.Code = "VT009"
    /// A link that does not follow the chain.
    static let wrongChainLink: PostgresError.Code = "VT010"
    /// An applicant created without an application.
    static let applicantWithoutApplication: PostgresError.Code = "VT011"
    /// A message to an application with no inbox key (made before messages, or erased).
    static let noInbox: PostgresError.Code = "VT012"
    /// An applicant's replies past the unread limit.
    static let tooManyUnreadReplies: PostgresError.Code = "VT013"
    /// Opening a position whose openings are all filled (and not kept open).
    static let positionFull: PostgresError.Code = "VT018"
}
