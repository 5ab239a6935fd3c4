import Foundation

/// Where a key file's passphrase comes from: the terminal, without echo, or
/// one line from an open file descriptor (for scripts). Never an argument
/// (`ps` shows it to everyone) or an environment variable (readable in
/// /proc and inherited by every child process).
enum Passphrase {
    /// The longest line read from a descriptor; a passphrase, not a file.
    static let longest = 4096

    /// One line from `descriptor`, without its line end. Read a byte at a
    /// time so that nothing after the line is taken from a shared pipe.
    static func read(fromDescriptor descriptor: Int32) throws -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = Foundation.read(descriptor, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw PassphraseError.unreadableDescriptor(descriptor, String(cString: strerror(errno))) }
            if count == 0 || byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
            guard bytes.count <= longest else { throw PassphraseError.tooLong(descriptor) }
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw PassphraseError.notUTF8 }
        return text
    }

    /// Asks on the controlling terminal (not stdin, which may be a pipe of
    /// ids) with echo off; nil when the process has no terminal.
    static func prompt(_ question: String) throws -> String? {
        let terminal = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard terminal >= 0 else { return nil }
        defer { close(terminal) }
        var original = termios()
        guard tcgetattr(terminal, &original) == 0 else { return nil }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        write(terminal, question)
        EchoRestorer.arm(terminal, original)
        defer { EchoRestorer.disarm() }
        guard tcsetattr(terminal, TCSAFLUSH, &silent) == 0 else { return nil }
        defer { tcsetattr(terminal, TCSAFLUSH, &original) }
        return try read(fromDescriptor: terminal)
    }

    /// The passphrase for a key file about to be written: from
    /// `descriptor`, else asked twice on the terminal when stdin is one;
    /// nil when `unsealed` says the file is to hold the key in clear.
    static func new(descriptor: Int32?, unsealed: Bool, command: String, unsealedFlag: String) throws -> String? {
        if unsealed { return nil }
        return try chosen(descriptor: descriptor, command: command, unsealedFlag: unsealedFlag, file: "the key file")
    }

    /// The same for any file; `unsealedFlag` is nil for one that is never
    /// written in clear (an export).
    static func chosen(descriptor: Int32?, command: String, unsealedFlag: String?, file: String) throws -> String {
        let passphrase: String
        if let descriptor {
            passphrase = try read(fromDescriptor: descriptor)
        } else if isatty(STDIN_FILENO) == 1, let first = try prompt("New passphrase for \(file): ") {
            guard try prompt("The same passphrase again: ") == first else { throw PassphraseError.mismatch }
            passphrase = first
        } else {
            // A script that forgot to choose would otherwise write a key in clear, or hang.
            throw PassphraseError.noneChosen(command: command, unsealedFlag: unsealedFlag, file: file)
        }
        guard !passphrase.isEmpty else { throw PassphraseError.empty(unsealedFlag: unsealedFlag) }
        return passphrase
    }

    private static func write(_ descriptor: Int32, _ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
    }
}

/// Puts the terminal's echo back when Ctrl-C (or a hang-up, or a kill)
/// ends the process during a prompt, which would otherwise leave the shell
/// typing blind. The handler may only touch plain values, hence globals.
private enum EchoRestorer {
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Signals the process ignored stay ignored (`nohup`, a shell's `trap "" INT`).
    static func arm(_ terminal: Int32, _ settings: termios) {
        promptSettings = settings
        promptTerminal = terminal
        for signal in signals {
            let previous = Foundation.signal(signal) { received in
                if promptTerminal >= 0 { tcsetattr(promptTerminal, TCSANOW, &promptSettings) }
                _ = Foundation.signal(received, SIG_DFL)
                raise(received)
            }
            if isIgnore(previous) { _ = Foundation.signal(signal, SIG_IGN) }
        }
    }

    static func disarm() {
        promptTerminal = -1
        for signal in signals {
            let previous = Foundation.signal(signal, SIG_DFL)
            if isIgnore(previous) { _ = Foundation.signal(signal, SIG_IGN) }
        }
    }

    private static func isIgnore(_ handler: __sighandler_t?) -> Bool {
        guard let handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}

// Safe without a lock: written only before the handlers are installed and
// after they are removed, and read only by them (a process has one prompt at a time).
nonisolated(unsafe) private var promptTerminal: Int32 = -1
nonisolated(unsafe) private var promptSettings = termios()

/// A passphrase that could not be had, or will not do (exit 64).
enum PassphraseError: Error, Equatable, CustomStringConvertible {
    case unreadableDescriptor(Int32, String)
    case tooLong(Int32)
    case notUTF8
    case empty(unsealedFlag: String?)
    case mismatch
    case noneChosen(command: String, unsealedFlag: String?, file: String)

    var description: String {
        switch self {
        case .unreadableDescriptor(let descriptor, let reason):
            "cannot read a passphrase from file descriptor \(descriptor): \(reason)"
        case .tooLong(let descriptor):
            "the passphrase on file descriptor \(descriptor) is longer than \(Passphrase.longest) bytes; is it the right descriptor?"
        case .notUTF8:
            "the passphrase is not UTF-8 text"
        case .empty(let unsealedFlag):
            "an empty passphrase protects nothing" + (unsealedFlag.map { "; give \($0) to leave the key file unsealed on purpose" } ?? "")
        case .mismatch:
            "the two passphrases differ; nothing was changed"
        case .noneChosen(let command, let unsealedFlag, let file):
            "`\(command)` needs a passphrase for \(file), and there is no terminal to ask on: give the passphrase on a file descriptor (one line; see --help)"
                + (unsealedFlag.map { ", or \($0) to leave the key file unsealed" } ?? "")
        }
    }
}
