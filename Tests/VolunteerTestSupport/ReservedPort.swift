import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A port on 127.0.0.1 that the kernel chose and that nothing else can take
/// while this lives. Its socket stays bound, not listening, with
/// SO_REUSEADDR: Linux skips the port for every bind to port 0 and refuses
/// it to any other bind, except a socket with SO_REUSEADDR asking for it
/// by number, which may listen on it. PostgreSQL, nginx and vtrack-server
/// (SwiftNIO) set SO_REUSEADDR, so the process a test gives the port to
/// gets it, however long it takes to start, and gets it back on a restart.
/// (A port chosen by binding a socket and closing it is free for anyone
/// until the server binds it: other tests running meanwhile take it.)
/// scripts/lib/ports.sh reserves ports for the scripts the same way.
public final class ReservedPort: Sendable {
    public let number: Int
    private let descriptor: Int32

    public init() throws {
        (descriptor, number) = try LoopbackSocket.bind(reuseAddress: true)
    }

    deinit { Glibc.close(descriptor) }
}

/// TCP sockets on 127.0.0.1.
enum LoopbackSocket {
    /// A socket bound to `port` (0: one the kernel chooses): its descriptor and port.
    static func bind(port: Int = 0, reuseAddress: Bool) throws -> (descriptor: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        if reuseAddress {
            var on: Int32 = 1
            guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
                Glibc.close(fd)
                throw POSIXError(.EINVAL)
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else {
            Glibc.close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
