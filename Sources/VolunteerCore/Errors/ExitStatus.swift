/// The exit codes of `vtrack` and `vtrack-server`, which scripts and service
/// managers rely on (from BSD's sysexits where one fits).
public enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    /// The action was refused: an illegal move, a conflict, a changed
    /// migration, a schema the server will not start on.
    case refused = 1
    /// A bad option or setting.
    case usage = 64
    case badInput = 65
    case databaseUnavailable = 69
    /// An output file could not be written.
    case cannotWrite = 73
    case permissionDenied = 77
    /// The reader of the output went away (`vtrack … | head -n 1`): what a
    /// shell reports for a tool that SIGPIPE ended (128 + 13).
    case outputClosed = 141
}
