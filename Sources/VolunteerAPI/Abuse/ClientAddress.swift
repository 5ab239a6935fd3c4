import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Which client a request came from, for rate limiting only. Behind a
/// configured proxy, the rightmost `X-Forwarded-For` hop that is not itself a
/// trusted proxy; anyone else's `X-Forwarded-For` is ignored, since a client
/// could otherwise pick a fresh address for every request.
///
/// An IPv6 client is its /64: one person is routinely given a whole /64 and
/// could take a new address from it for every request.
struct ClientAddress: Sendable {
    /// Canonical forms (as `SocketAddress` prints a peer), so that `0:0::1` matches `::1`.
    let trustedProxies: Set<String>
    let logger: Logger
    private let warnedOfForwarding = NIOLockedValueBox(false)

    init(trustedProxies: Set<String>, logger: Logger) {
        self.trustedProxies = Set(trustedProxies.map { Self.canonical($0) ?? $0 })
        self.logger = logger
    }

    /// The key the rate limiter counts the request under: an IPv4 address,
    /// an IPv6 /64, or "unknown".
    func of(_ request: Request, peer: SocketAddress?) -> String {
        let direct = peer?.ipAddress ?? "unknown"
        let forwarded = request.headers[values: .xForwardedFor]
        guard let last = forwarded.last else { return Self.network(of: direct) }
        guard trustedProxies.contains(direct) else {
            warnOnceOfUntrustedForwarding()
            return Self.network(of: direct)
        }
        let hops = last.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let client = hops.reversed().first { !$0.isEmpty && !trustedProxies.contains(Self.canonical($0) ?? $0) }
        return Self.network(of: client ?? direct)
    }

    /// Once per process: neither the peer nor the header's value is named.
    private func warnOnceOfUntrustedForwarding() {
        let first = warnedOfForwarding.withLockedValue { warned in
            defer { warned = true }
            return !warned
        }
        guard first else { return }
        logger.notice(
            "X-Forwarded-For arrived from a peer that is not in VTRACK_TRUSTED_PROXIES; it is ignored (said once). Behind a reverse proxy, list the proxy's address there, or every client is counted as the proxy."
        )
    }

    /// `text` as an address in canonical form, or nil if it is not one. A
    /// hop may carry a port (`192.0.2.1:443`, `[2001:db8::1]:443`).
    static func canonical(_ text: String) -> String? {
        address(text)?.ipAddress
    }

    /// The rate limiter's unit: an IPv4 address (also when written as IPv6,
    /// `::ffff:192.0.2.1`), or the /64 of an IPv6 one. Anything else counts as itself.
    static func network(of text: String) -> String {
        guard let address = address(text) else { return text }
        switch address {
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
                return bytes[12...].map(String.init).joined(separator: ".")
            }
            return stride(from: 0, to: 8, by: 2).map { String(format: "%02x%02x", bytes[$0], bytes[$0 + 1]) }.joined(separator: ":")
                + "::/64"
        default:
            return address.ipAddress ?? text
        }
    }

    private static func address(_ text: String) -> SocketAddress? {
        if let address = try? SocketAddress(ipAddress: text, port: 0) { return address }
        var host = Substring(text)
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            host = host[host.index(after: host.startIndex)..<close]
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            host = host[..<colon]
        } else {
            return nil
        }
        return try? SocketAddress(ipAddress: String(host), port: 0)
    }
}

extension HTTPFields.Element.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
