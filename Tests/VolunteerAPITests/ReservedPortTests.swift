import Foundation
import Testing

@testable import VolunteerTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A reserved port is refused to every other socket but one that asks for it
/// with SO_REUSEADDR, as the servers the tests start do.
@Suite struct ReservedPortTests {
    @Test func onlyAServerWithReuseAddressGetsAReservedPort() async throws {
        let reserved = try ReservedPort()
        #expect(throws: POSIXError.self, "a socket without SO_REUSEADDR") {
            try LoopbackSocket.bind(port: reserved.number, reuseAddress: false)
        }
        let server = try LoopbackSocket.bind(port: reserved.number, reuseAddress: true)
        defer { Glibc.close(server.descriptor) }
        #expect(server.port == reserved.number)
        #expect(listen(server.descriptor, 4) == 0)
        let client = try RawConnection(port: reserved.number)
        #expect(client.send("hello"))
        #expect(throws: POSIXError.self, "a second listener") {
            let other = try LoopbackSocket.bind(port: reserved.number, reuseAddress: true)
            defer { Glibc.close(other.descriptor) }
            guard listen(other.descriptor, 4) == 0 else { throw POSIXError(.EADDRINUSE) }
        }
    }
}
