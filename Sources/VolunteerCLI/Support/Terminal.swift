import Foundation

/// Where a command writes: data to stdout, diagnostics to stderr.
struct Terminal: Sendable {
    let handle: FileHandle

    static let standardOutput = Terminal(handle: .standardOutput)
    static let standardError = Terminal(handle: .standardError)

    func writeLine(_ text: String) {
        write(text + "\n")
    }

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }
}
