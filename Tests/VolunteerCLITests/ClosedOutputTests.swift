import Foundation
import Testing
import VolunteerTestSupport

/// `vtrack … | head -n 1`: a reader that goes away ends the command quietly.
@Suite struct ClosedOutputTests {
    /// Runs `arguments` with a stdout whose reader has already closed it,
    /// and prints the exit status (negative: the signal) and what it said on stderr.
    static let harness = """
        import os, subprocess, sys
        read, write = os.pipe()
        os.close(read)
        done = subprocess.run(sys.argv[1:], stdout=write, stderr=subprocess.PIPE)
        print(done.returncode)
        sys.stdout.write(done.stderr.decode())
        """

    @Test func aReaderThatHasGoneEndsTheCommandWithoutACrash() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                let environment = [
                    "DATABASE_URL": settings.url, "NO_COLOR": "1",
                    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                ]
                let created = try await BinaryRunner.run(
                    "vtrack", ["positions", "create", "editor", "--title", "Editor", "--team", "Editorial"], environment: environment
                )
                #expect(created.status == 0, "\(created.standardError)")
                let run = try await BinaryRunner.run(
                    executable: URL(fileURLWithPath: "/usr/bin/env"),
                    ["python3", "-c", Self.harness, TestEnvironment.binary("vtrack").path, "positions", "list"],
                    environment: environment
                )
                let status = run.standardOutput.split(separator: "\n").first.map(String.init)
                // 141 as a shell reports SIGPIPE, or the signal itself: either way no crash.
                #expect(status == "141" || status == "-13", "\(run.standardOutput)")
                #expect(!run.standardOutput.contains("Fatal error"))
            }
        }
    }
}
