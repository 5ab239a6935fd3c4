import Foundation
import VolunteerStore

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
    /// Runs `name` to completion (killed after `timeout`), with a clean
    /// environment plus `environment`. `descriptors` are extra open files
    /// the binary starts with, by number (`[3: "passphrase\n"]`), as a
    /// script gives them with `3<file`.
    public static func run(
        _ name: String, _ arguments: [String], environment: [String: String] = [:],
        input: String? = nil, descriptors: [Int32: String] = [:], timeout: Duration = .seconds(30)
    ) async throws -> BinaryRun {
        try await run(executable: TestEnvironment.binary(name), arguments, environment: environment, input: input, descriptors: descriptors, timeout: timeout)
    }

    /// The same for any program, by path (a system tool a test checks our files with).
    public static func run(
        executable: URL, _ arguments: [String], environment: [String: String] = [:],
        input: String? = nil, descriptors: [Int32: String] = [:], timeout: Duration = .seconds(30)
    ) async throws -> BinaryRun {
        let files = try descriptors.mapValues { contents in
            let file = TemporaryFile()
            try Data(contents.utf8).write(to: file.url)
            return file
        }
        defer { files.values.forEach { $0.remove() } }
        let process = try launch(executable: executable, arguments, environment: environment, input: input, descriptors: files.mapValues(\.url))
        let deadline = ContinuousClock.now + timeout
        while process.process.isRunning {
            if ContinuousClock.now > deadline {
                process.process.terminate()
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.finish()
    }

    /// `input`, if any, is what the binary reads on stdin (from a file, so
    /// that writing it never blocks).
    public static func launch(
        _ name: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil,
        descriptors: [Int32: URL] = [:]
    ) throws -> RunningBinary {
        try launch(executable: TestEnvironment.binary(name), arguments, environment: environment, input: input, descriptors: descriptors)
    }

    static func launch(
        executable: URL, _ arguments: [String], environment: [String: String], input: String?, descriptors: [Int32: URL]
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
        try process.run()
        // The child has its own copies. Kept open here until the test ended,
        // they were 800 of the parallel suite's 1,000 descriptors.
        for handle in handles { try? handle.close() }
        return RunningBinary(process: process, output: output, errors: errors, input: inputFile)
    }
}

/// A subprocess whose output goes to files, so a chatty one never blocks on a full pipe.
public final class RunningBinary: @unchecked Sendable {
    // @unchecked: Process is not Sendable, but the test that launched it is its only user.
    public let process: Process
    let output: TemporaryFile
    let errors: TemporaryFile

    let input: TemporaryFile

    init(process: Process, output: TemporaryFile, errors: TemporaryFile, input: TemporaryFile) {
        self.process = process
        self.output = output
        self.errors = errors
        self.input = input
    }

    public var standardError: String { errors.contents }

    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end, up to `timeout`; nil if it did not.
    public func waitForExit(timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Stops the process if it still runs (SIGTERM, then SIGKILL) and collects
    /// its output. Never blocks on a process that will not die: waiting would
    /// hold one of the few threads the whole test run shares.
    public func finish() -> BinaryRun {
        for signal in [SIGTERM, SIGKILL] where process.isRunning {
            kill(process.processIdentifier, signal)
            for _ in 0..<200 where process.isRunning { usleep(10_000) }
        }
        defer { output.remove(); errors.remove(); input.remove() }
        return BinaryRun(status: process.terminationStatus, standardOutput: output.contents, standardError: errors.contents)
    }
}

struct TemporaryFile: Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-test-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    }

    var contents: String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
