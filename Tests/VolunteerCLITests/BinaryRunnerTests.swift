import Foundation
import Testing
import VolunteerTestSupport

/// The tests' way of running programs: it waits without holding a thread,
/// reads a status only once the child is reaped, and always stops what it started.
@Suite struct BinaryRunnerTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    @Test func waitingGivesNothingWhileTheChildRunsThenItsStatus() async throws {
        // The child ends only when told (SIGUSR1): the first wait cannot see it end, however loaded the machine.
        let script = "trap 'echo done; exit 3' USR1; echo ready >&2; while :; do sleep 0.2 & wait $!; done"
        try await BinaryRunner.withLaunched(executable: Self.shell, ["-c", script]) { child in
            for _ in 0..<1_000 where !child.standardError.contains("ready") {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await child.waitForExit(timeout: .milliseconds(100)) == nil)
            child.signal(SIGUSR1)
            #expect(await child.waitForExit(timeout: .seconds(20)) == 3)
            let run = await child.finish()
            #expect(run.status == 3)
            #expect(run.standardOutput == "done\n")
            #expect(await child.finish().standardOutput == "done\n", "a second finish gives the same")
        }
    }

    @Test func aChildThatIgnoresSIGTERMIsKilledAndReaped() async throws {
        // An ignored signal stays ignored across exec: sleep ignores SIGTERM.
        let started = ContinuousClock.now
        let run = try await BinaryRunner.withLaunched(executable: Self.shell, ["-c", "trap '' TERM; echo started; exec sleep 60"]) {
            child in
            // SIGTERM before the trap is set would end the shell: wait for the exec.
            let command = "/proc/\(child.processIdentifier)/cmdline"
            for _ in 0..<500 where !((try? String(contentsOfFile: command, encoding: .utf8)) ?? "").hasPrefix("sleep") {
                try await Task.sleep(for: .milliseconds(20))
            }
            return await child.finish()
        }
        #expect(run.status == SIGKILL)
        #expect(run.standardOutput == "started\n")
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func aRunPastItsTimeoutIsStopped() async throws {
        let started = ContinuousClock.now
        let run = try await BinaryRunner.run(executable: Self.shell, ["-c", "exec sleep 60"], timeout: .milliseconds(300))
        #expect(run.status == SIGTERM)
        #expect(ContinuousClock.now - started < .seconds(20))
    }
}
