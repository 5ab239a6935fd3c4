import PostgresNIO
import VolunteerCore

extension PSQLError {
    var sqlState: String? { serverInfo?[.sqlState] }

    /// The database is away, not the statement wrong: the connection failed,
    /// the server was shut down or ended the session (class 57), refuses
    /// connections to this database (55000 at start-up, or it does not exist),
    /// or has no room for another (class 53). Worth a 503 and a retry.
    public var meansDatabaseUnavailable: Bool {
        guard code == .server else { return true }
        guard let state = sqlState else { return false }
        return state.hasPrefix("08") || state.hasPrefix("57") || state.hasPrefix("53") || state == "55000" || state == "3D000"
    }

    /// The server's own words (message, detail, hint), which name SQL objects
    /// and never bound values.
    var serverSummary: String {
        guard let info = serverInfo else { return code.description }
        return [info[.message], info[.detail], info[.hint]].compactMap { $0 }.joined(separator: "; ")
    }
}

/// SQLSTATEs that vtrack's own triggers raise (see migrations/).
enum VtrackSQLState {
    static let illegalTransition = "VT001"
    static let positionNotOpen = "VT002"
    static let appendOnly = "VT003"
    static let reasonRequired = "VT004"
    static let staleRecipients = "VT005"
    /// The statement would leave sealed data that no registered key opens.
    static let lastKeyForSomeone = "VT006"
    /// Written about an applicant outside the transaction that created them.
    static let notANewApplicant = "VT007"
    static let noSuchKey = "VT008"
    /// A reveal read without a committed request.
    static let uncommittedReveal = "VT009"
    /// A link that does not follow the chain.
    static let wrongChainLink = "VT010"
    /// An applicant created without an application.
    static let applicantWithoutApplication = "VT011"
    static let uniqueViolation = "23505"
    static let foreignKeyViolation = "23503"
    static let insufficientPrivilege = "42501"
}
