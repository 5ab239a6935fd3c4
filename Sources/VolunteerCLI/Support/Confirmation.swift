import Foundation

/// Asking a person at the terminal to confirm what cannot be undone. A
/// script has no one to ask, so it must say so itself (`--yes`).
enum Confirmation {
    /// True when stdin is a terminal, so there is someone to ask.
    static var possible: Bool { isatty(STDIN_FILENO) == 1 }

    /// Shows `question` on the controlling terminal and reads the answer
    /// (echoed); nil when there is no terminal.
    static func ask(_ question: String) throws -> String? {
        let terminal = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard terminal >= 0 else { return nil }
        defer { close(terminal) }
        _ = Array(question.utf8).withUnsafeBytes { write(terminal, $0.baseAddress, $0.count) }
        return try Passphrase.read(fromDescriptor: terminal).trimmingCharacters(in: .whitespaces)
    }
}
