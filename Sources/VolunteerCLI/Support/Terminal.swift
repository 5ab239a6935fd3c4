import Foundation
import VolunteerCore

/// Where a command writes: data to stdout, diagnostics to stderr.
struct Terminal: Sendable {
    let handle: FileHandle

    static let standardOutput = Terminal(handle: .standardOutput)
    static let standardError = Terminal(handle: .standardError)

    func writeLine(_ text: String) {
        write(text + "\n")
    }

    /// A reader that has gone (`vtrack … | head -n 1`) ends the command as
    /// SIGPIPE ends other tools, quietly and with 141; FileHandle's own
    /// `write(_:)` crashed on it. The work was done before the output.
    func write(_ text: String) {
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            guard handle !== FileHandle.standardError else { return }
            exit(ExitStatus.outputClosed.rawValue)
        }
    }
}
