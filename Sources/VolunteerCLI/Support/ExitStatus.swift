import ArgumentParser

/// The exit codes scripts can rely on (from BSD's sysexits where one fits).
public enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    /// The action was refused: an illegal move, a conflict, a changed migration.
    case refused = 1
    case usage = 64
    case badInput = 65
    case databaseUnavailable = 69
    /// An output file could not be written.
    case cannotWrite = 73
    case permissionDenied = 77

    var exitCode: ExitCode { ExitCode(rawValue) }

    static let helpText = """
        Exit codes:
          0   success
          1   refused (an illegal move, a conflict, a changed migration file)
          64  usage error (bad option, bad configuration)
          65  bad input data (a malformed file or value)
          69  database unavailable
          73  an output file could not be written
          77  permission denied or missing key
        """
}
