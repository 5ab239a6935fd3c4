import Foundation
import VolunteerStore

#if canImport(Glibc)
import Glibc
#endif

/// Runs one of the built executables as a real subprocess.
public struct BinaryRun: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String

    public init(status: Int32, standardOutput: String, standardError: String) {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}

public enum BinaryRunner {
    /// Runs `name` to completion (stopped after `timeout`), with a clean
    /// environment plus `environment`. `descriptors` are extra open files
    /// the binary starts with, by number (`[3: "passphrase\n"]`), as a
    /// script gives them with `3<file`.
    public static func run(
        _ name: String, _ arguments: [String], environment: [String: String] = [:],
        input: String? = nil, descriptors: [Int32: String] = [:], timeout: Duration = .seconds(30)
    ) async throws -> BinaryRun {
        try await run(
            executable: TestEnvironment.binary(name), arguments, environment: environment, input: input, descriptors: descriptors,
            timeout: timeout)
    }

    /// The same for any program, by path (a system tool a test checks our files with, a script).
    public static func run(
        executable: URL, _ arguments: [String], environment: [String: String] = [:],
        input: String? = nil, descriptors: [Int32: String] = [:], timeout: Duration = .seconds(30)
    ) async throws -> BinaryRun {
        let files = try descriptors.mapValues { contents in
            let file = TemporaryFile()
            try Data(contents.utf8).write(to: file.url)
            return file
        }
        defer {
            for file in files.values { file.remove() }
        }
        let process = try launch(
            executable: executable, arguments, environment: environment, input: input, descriptors: files.mapValues(\.url))
        _ = await process.waitForExit(timeout: timeout)
        return await process.finish()
    }

    /// Starts `name`, hands it to `body`, and stops it afterwards (`finish()`),
    /// whether `body` returns or throws. `ports` stay reserved while it runs.
    public static func withLaunched<Result>(
        _ name: String, _ arguments: [String] = [], environment: [String: String] = [:], holding ports: [ReservedPort] = [],
        _ body: (RunningBinary) async throws -> Result
    ) async throws -> Result {
        try await withLaunched(executable: TestEnvironment.binary(name), arguments, environment: environment, holding: ports, body)
    }

    /// The same for any program, by path.
    public static func withLaunched<Result>(
        executable: URL, _ arguments: [String] = [], environment: [String: String] = [:], holding ports: [ReservedPort] = [],
        _ body: (RunningBinary) async throws -> Result
    ) async throws -> Result {
        let binary = try launch(executable: executable, arguments, environment: environment, input: nil, descriptors: [:], holding: ports)
        do {
            let result = try await body(binary)
            _ = await binary.finish()
            return result
        } catch {
            _ = await binary.finish()
            throw error
        }
    }

    /// `input`, if any, is what the binary reads on stdin (from a file, so
    /// that writing it never blocks).
    static func launch(
        executable: URL, _ arguments: [String], environment: [String: String], input: String?, descriptors: [Int32: URL],
        holding ports: [ReservedPort] = []
    ) throws -> RunningBinary {
        let process = Process()
        if descriptors.isEmpty {
            process.executableURL = executable
            process.arguments = arguments
        } else {
            // Process passes no descriptors beyond 0–2; a shell opens the others, then becomes the binary.
            let redirections = descriptors.sorted { $0.key < $1.key }.map { "\($0.key)<'\($0.value.path)'" }.joined(separator: " ")
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec \"$0\" \"$@\" \(redirections)", executable.path] + arguments
        }
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        base["VTRACK_MIGRATIONS_DIR"] = TestEnvironment.migrationsDirectory.path
        // Servers run side by side: none takes the default metrics port unless a test gives it one.
        base["VTRACK_METRICS_ADDRESS"] = "off"
        process.environment = base.merging(environment) { $1 }
        let output = TemporaryFile()
        let errors = TemporaryFile()
        var handles = [try FileHandle(forWritingTo: output.url), try FileHandle(forWritingTo: errors.url)]
        process.standardOutput = handles[0]
        process.standardError = handles[1]
        let inputFile = TemporaryFile()
        if let input {
            try Data(input.utf8).write(to: inputFile.url)
            handles.append(try FileHandle(forReadingFrom: inputFile.url))
            process.standardInput = handles[2]
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        // Before run(): Foundation calls it once it has reaped the child, and
        // only then is `terminationStatus` the child's.
        let exit = ChildExit()
        process.terminationHandler = { exit.record($0.terminationStatus) }
        try runUnmasked(process)
        // The child has its own copies. Kept open here until the test ended,
        // they were 800 of the parallel suite's 1,000 descriptors.
        for handle in handles { try? handle.close() }
        return RunningBinary(process: process, exit: exit, output: output, errors: errors, input: inputFile, ports: ports)
    }

    /// Starts `process` from a thread that blocks no signal. A child starts
    /// with the signal mask of the thread that spawned it, and the threads
    /// tests run on block most signals: SIGTERM would never reach a child
    /// without handlers of its own (a shell, sleep, nginx's workers).
    private static func runUnmasked(_ process: Process) throws {
        var none = sigset_t()
        var previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
    }
}
