import Foundation
import Synchronization
import Testing
import VolunteerCore
import VolunteerTestSupport

/// The passphrase prompt on a real terminal: `script` (util-linux, in every
/// Debian) gives the binary a pseudo-terminal, and the test types into it.
@Suite struct PassphrasePromptTests {
    /// What the terminal showed so far, filled in as it comes.
    final class Transcript: Sendable {
        private let bytes = Mutex(Data())
        func append(_ data: Data) { bytes.withLock { $0.append(data) } }
        var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
    }

    struct Expired: Error {}

    /// Runs `command` with `/bin/sh` on a pseudo-terminal, and hands `body`
    /// a way to type and to wait for output; returns the whole transcript.
    static func onTerminal(
        _ command: String, _ body: (_ type: (String) throws -> Void, _ waitFor: (String) async throws -> Void) async throws -> Void
    ) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.environment = [
            "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "SHELL": "/bin/sh", "TERM": "dumb",
            "NO_COLOR": "1", "VTRACK_TEST_SCRYPT_N": "1024",
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let transcript = Transcript()
        output.fileHandleForReading.readabilityHandler = { transcript.append($0.availableData) }
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            output.fileHandleForReading.readabilityHandler = nil
        }
        let deadline = ContinuousClock.now + .seconds(30)
        let type: (String) throws -> Void = { try input.fileHandleForWriting.write(contentsOf: Data($0.utf8)) }
        try await body(type) { needle in
            while !transcript.text.contains(needle) {
                guard process.isRunning, ContinuousClock.now < deadline else {
                    Issue.record("never saw \(needle.debugDescription); the terminal showed: \(transcript.text.debugDescription)")
                    throw Expired()
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(100))
        return transcript.text
    }

    static func withKeyFile(_ body: (String) async throws -> Void) async throws {
        try await KeysCommandTests.withHome { home in
            let path = home.appendingPathComponent("key").path
            try CoordinatorPrivateKey.generate().fileContents.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o600)
            try await body(path)
        }
    }

    @Test func thePassphraseIsAskedTwiceWithoutEcho() async throws {
        try await Self.withKeyFile { path in
            let vtrack = TestEnvironment.binary("vtrack").path
            let transcript = try await Self.onTerminal("'\(vtrack)' keys passphrase --key-file '\(path)'") { type, waitFor in
                try await waitFor("New passphrase for the key file: ")
                try type("correct horse battery\n")
                try await waitFor("The same passphrase again: ")
                try type("correct horse battery\n")
                try await waitFor("is sealed with the new passphrase")
            }
            #expect(!transcript.contains("correct horse"), "the terminal echoed the passphrase: \(transcript.debugDescription)")
            #expect(try String(contentsOfFile: path, encoding: .utf8).contains("vtrack-x25519-private-key-scrypt-v1"))
        }
    }

    @Test func ctrlCDuringThePromptGivesTheTerminalItsEchoBack() async throws {
        try await Self.withKeyFile { path in
            let before = try String(contentsOfFile: path, encoding: .utf8)
            let vtrack = TestEnvironment.binary("vtrack").path
            // The shell outlives the Ctrl-C (it ignores it; vtrack does not) and shows the terminal's settings after.
            let command = #"trap "" INT; (trap - INT; exec '\#(vtrack)' keys passphrase --key-file '\#(path)'); echo SETTINGS; stty -a"#
            let transcript = try await Self.onTerminal(command) { type, waitFor in
                try await waitFor("New passphrase for the key file: ")
                try type("half a passph")
                try type("\u{03}")
                try await waitFor("SETTINGS")
            }
            let settings = try #require(transcript.components(separatedBy: "SETTINGS").last)
            #expect(settings.contains(" echo "), "echo is still off after Ctrl-C: \(settings.debugDescription)")
            #expect(!settings.contains("-echo "))
            #expect(try String(contentsOfFile: path, encoding: .utf8) == before, "the key file is untouched")
        }
    }
}
