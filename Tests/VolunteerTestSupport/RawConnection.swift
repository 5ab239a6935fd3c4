import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection driven byte by byte, to act as slow, idle or half-sent
/// HTTP clients do, and to see when the server closes on them. Never blocks:
/// it polls, and waits between polls with `Task.sleep`.
public final class RawConnection: @unchecked Sendable {
    // @unchecked: one test drives each connection, from one task at a time.
    private let descriptor: Int32
    private var received: [UInt8] = []
    public private(set) var isClosedByPeer = false

    /// Connects to `host:port` on IPv4, from `source` if given (another
    /// loopback address, such as 127.0.0.2, to be another client).
    public init(port: Int, host: String = "127.0.0.1", from source: String? = nil) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        if let source {
            var local = Self.address(source, port: 0)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                Glibc.close(fd)
                throw POSIXError(.EADDRNOTAVAIL)
            }
        }
        var remote = Self.address(host, port: port)
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        descriptor = fd
    }

    deinit { Glibc.close(descriptor) }

    private static func address(_ host: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return address
    }

    /// Sends all of `text`; false if the server has closed the connection.
    @discardableResult
    public func send(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let sent = Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL))
            guard sent > 0 else { return false }
            bytes.removeFirst(sent)
        }
        return true
    }

    /// Takes in whatever has arrived; notes a close by the server.
    private func drain() {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while !isClosedByPeer {
            let count = recv(descriptor, &chunk, chunk.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                received += chunk[0..<count]
            } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                isClosedByPeer = true
            } else {
                return
            }
        }
    }

    /// Waits up to `timeout` for the server to close the connection, and
    /// says how long that took; nil if it stayed open.
    public func closedWithin(_ timeout: Duration) async throws -> Duration? {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < timeout {
            drain()
            if isClosedByPeer { return ContinuousClock.now - started }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// One whole HTTP/1.1 response (a `Content-Length` body), within
    /// `timeout`: its status code and body. Nil if none came.
    public func response(within timeout: Duration = .seconds(10)) async throws -> (status: Int, body: String)? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            drain()
            if let response = takeResponse() { return response }
            if isClosedByPeer { return nil }
            try await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    private func takeResponse() -> (status: Int, body: String)? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = received.indices.dropLast(3).first(where: { Array(received[$0..<$0 + 4]) == separator }) else { return nil }
        let head = String(decoding: received[..<end], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        guard let status = lines.first?.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        let length =
            lines.dropFirst().compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first ?? 0
        let bodyStart = end + 4
        guard received.count >= bodyStart + length else { return nil }
        let body = String(decoding: received[bodyStart..<bodyStart + length], as: UTF8.self)
        received.removeFirst(bodyStart + length)
        return (status, body)
    }
}
