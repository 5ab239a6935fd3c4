import PostgresNIO
import VolunteerCore

extension PSQLError {
    var sqlState: String? { serverInfo?[.sqlState] }

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
    static let uniqueViolation = "23505"
    static let foreignKeyViolation = "23503"
    static let insufficientPrivilege = "42501"
}
