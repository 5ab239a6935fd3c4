// What a submission with an Idempotency-Key stores, what it can be refused
// for, and the lock it holds while it writes (`ApplicationSubmission.swift`).

/// The advisory lock a submission holds on its Idempotency-Key while it
/// writes: a pair of integers, so that it cannot meet vtrack's single-key
/// locks (migrations, the chain sealer).
enum IdempotencyLock {
    /// "vtik".
    static let namespace: Int32 = 0x7674_696B

    static func key(_ keyHash: [UInt8]) -> Int32 {
        keyHash.prefix(4).reduce(0) { $0 << 8 | Int32(truncatingIfNeeded: $1) }
    }
}

/// The response to store with an Idempotency-Key, already sealed, and the
/// hash of the request that produced it.
public struct IdempotentResponse: Sendable {
    public let keyHash: [UInt8]
    public let requestHash: [UInt8]
    public let status: Int
    public let sealedBody: [UInt8]

    public init(keyHash: [UInt8], requestHash: [UInt8], status: Int, sealedBody: [UInt8]) {
        self.keyHash = keyHash
        self.requestHash = requestHash
        self.status = status
        self.sealedBody = sealedBody
    }
}

/// A submission refused because its Idempotency-Key was used before.
public enum IdempotencyConflict: Error, Sendable, Equatable {
    /// The first request finished: answer with its response.
    case replay(status: Int, sealedBody: [UInt8])
    /// The first request is still being written.
    case inProgress
    /// The key was used with a different request.
    case mismatch
}
