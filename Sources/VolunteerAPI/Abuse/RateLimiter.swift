import Crypto
import Foundation
import NIOConcurrencyHelpers

/// Token buckets for writes: one per client, and one for everyone together
/// that protects the database. In memory only. Clients are told apart by a
/// keyed hash of their address under a salt that is replaced every UTC day,
/// so nothing here can link a client across days, and no address is kept.
final class RateLimiter: Sendable {
    struct Limits: Sendable, Equatable {
        /// Writes per minute per client, and as many at once; 0 turns it off.
        var perClientPerMinute: Int
        /// Writes per second for all clients together; 0 turns it off.
        var globalPerSecond: Int
    }

    enum Decision: Equatable {
        case allowed
        /// The client is over its limit; it may try again after this many seconds.
        case clientLimited(retryAfter: Int)
        /// Everyone together is over the server's limit.
        case serverBusy(retryAfter: Int)
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct State {
        var day: Int
        var salt: SymmetricKey
        var clients: [Data: Bucket] = [:]
        var global: Bucket
    }

    private let limits: Limits
    private let state: NIOLockedValueBox<State>
    private let maximumClients = 100_000

    init(limits: Limits) {
        self.limits = limits
        self.state = NIOLockedValueBox(
            State(
                day: Self.today(), salt: SymmetricKey(size: .bits256),
                global: Bucket(tokens: Double(limits.globalPerSecond), updated: .now)
            ))
    }

    func admit(address: String, now: ContinuousClock.Instant = .now) -> Decision {
        state.withLockedValue { state in
            let today = Self.today()
            if today != state.day {
                state = State(day: today, salt: SymmetricKey(size: .bits256), global: state.global)
            }
            if limits.globalPerSecond > 0 {
                let rate = Double(limits.globalPerSecond)
                guard Self.take(&state.global, capacity: rate, perSecond: rate, now: now) else {
                    return .serverBusy(retryAfter: 1)
                }
            }
            guard limits.perClientPerMinute > 0 else { return .allowed }
            let key = Data(HMAC<SHA256>.authenticationCode(for: Data(address.utf8), using: state.salt).prefix(16))
            let capacity = Double(limits.perClientPerMinute)
            let perSecond = capacity / 60
            var bucket = state.clients[key] ?? Bucket(tokens: capacity, updated: now)
            let allowed = Self.take(&bucket, capacity: capacity, perSecond: perSecond, now: now)
            if state.clients.count >= maximumClients, state.clients[key] == nil { Self.prune(&state, capacity, perSecond, now) }
            state.clients[key] = bucket
            return allowed ? .allowed : .clientLimited(retryAfter: Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
    }

    private static func take(_ bucket: inout Bucket, capacity: Double, perSecond: Double, now: ContinuousClock.Instant) -> Bool {
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(capacity, bucket.tokens + max(0, seconds) * perSecond)
        bucket.updated = now
        guard bucket.tokens >= 1 else { return false }
        bucket.tokens -= 1
        return true
    }

    /// Forgets clients whose bucket has refilled: they are as if new.
    private static func prune(_ state: inout State, _ capacity: Double, _ perSecond: Double, _ now: ContinuousClock.Instant) {
        state.clients = state.clients.filter { _, bucket in
            var bucket = bucket
            _ = take(&bucket, capacity: capacity, perSecond: perSecond, now: now)
            return bucket.tokens + 1 < capacity
        }
    }

    private static func today() -> Int {
        Int(Date().timeIntervalSince1970 / 86_400)
    }
}
