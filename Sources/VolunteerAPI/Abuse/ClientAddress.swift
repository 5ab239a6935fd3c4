import Foundation
import Hummingbird
import NIOCore

/// Which address a request came from, for rate limiting only. Behind a
/// configured proxy, the rightmost `X-Forwarded-For` hop that is not itself a
/// trusted proxy; anyone else's `X-Forwarded-For` is ignored, since a client
/// could otherwise pick a fresh address for every request.
struct ClientAddress: Sendable {
    let trustedProxies: Set<String>

    func of(_ request: Request, peer: SocketAddress?) -> String {
        let direct = peer?.ipAddress ?? "unknown"
        guard trustedProxies.contains(direct),
              let forwarded = request.headers[values: .init("X-Forwarded-For")!].last
        else { return direct }
        let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return hops.reversed().first { !trustedProxies.contains($0) && !$0.isEmpty } ?? direct
    }
}
