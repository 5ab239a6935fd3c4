import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A subprocess whose output goes to files, so a chatty one never blocks on a full pipe.
public final class RunningBinary: @unchecked Sendable {
    // @unchecked: `process` is not Sendable, and is never used after launch;
    // it is kept so that Foundation, which reaps the child, outlives it. All
    // else is Sendable.
    private let process: Process
    private let exit: ChildExit
    private let output: TemporaryFile
    private let errors: TemporaryFile
    private let input: TemporaryFile
    /// Ports given to the binary, reserved until it is gone.
    private let ports: [ReservedPort]
    private let result = Mutex<BinaryRun?>(nil)

    init(process: Process, exit: ChildExit, output: TemporaryFile, errors: TemporaryFile, input: TemporaryFile, ports: [ReservedPort]) {
        self.process = process
        self.exit = exit
        self.output = output
        self.errors = errors
        self.input = input
        self.ports = ports
        processIdentifier = process.processIdentifier
    }

    public let processIdentifier: Int32

    public var standardError: String { result.withLock { $0?.standardError } ?? errors.contents }

    /// Sends `signal`, unless the child is already reaped (its id may be another's by then).
    public func signal(_ signal: Int32) {
        if exit.status == nil { kill(processIdentifier, signal) }
    }

    /// Waits for the process to end, up to `timeout`; nil if it did not.
    public func waitForExit(timeout: Duration) async -> Int32? {
        await exit.wait(timeout: timeout)
    }

    /// Stops the process if it still runs (SIGTERM, then SIGKILL), waits
    /// until it is reaped and collects its output. Later calls return the same.
    public func finish() async -> BinaryRun {
        if let finished = result.withLock({ $0 }) { return finished }
        if exit.status == nil {
            signal(SIGTERM)
            if await waitForExit(timeout: .seconds(2)) == nil { signal(SIGKILL) }
        }
        // SIGKILL cannot be caught: the kernel ends the child and Foundation reaps it.
        let status = await exit.wait()
        let run = BinaryRun(status: status, standardOutput: output.contents, standardError: errors.contents)
        result.withLock { $0 = run }
        output.remove()
        errors.remove()
        input.remove()
        return run
    }
}
