import ArgumentParser
import VolunteerCore

extension ExitStatus {
    var exitCode: ExitCode { ExitCode(rawValue) }

    static let helpText = """
        Exit codes:
          \(success.rawValue)   success
          \(refused.rawValue)   refused (an illegal move, a conflict, a changed migration file)
          \(usage.rawValue)  usage error (bad option, bad configuration)
          \(badInput.rawValue)  bad input data (a malformed file or value)
          \(databaseUnavailable.rawValue)  database unavailable
          \(cannotWrite.rawValue)  an output file could not be written
          \(permissionDenied.rawValue)  permission denied or missing key
          \(outputClosed.rawValue) the output's reader went away (as SIGPIPE would end a tool)
        """
}
