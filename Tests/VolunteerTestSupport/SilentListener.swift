import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket on 127.0.0.1 that accepts connections into its backlog and
/// never says a word: a database host that has stopped answering.
public final class SilentListener: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        let (fd, port) = try LoopbackSocket.bind(reuseAddress: false)
        guard listen(fd, 16) == 0 else {
            Glibc.close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        self.descriptor = fd
        self.port = port
    }

    public func close() {
        Glibc.close(descriptor)
    }
}
