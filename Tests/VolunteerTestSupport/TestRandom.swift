import Foundation

/// The seed of this test run's random inputs: `VTRACK_TEST_SEED` when set
/// (to replay a failure), otherwise drawn; printed either way, and named in
/// the failures of tests that use it.
public enum TestRandom {
    public static let seed: UInt64 = {
        let seed: UInt64
        if let text = ProcessInfo.processInfo.environment["VTRACK_TEST_SEED"], !text.isEmpty {
            guard let value = UInt64(text) else {
                preconditionFailure("VTRACK_TEST_SEED must be a whole number from 0 to \(UInt64.max), not \(text.debugDescription)")
            }
            seed = value
        } else {
            seed = UInt64.random(in: .min ... .max)
        }
        print("random test inputs: VTRACK_TEST_SEED=\(seed)")
        return seed
    }()

    /// "VTRACK_TEST_SEED=…", for a failure's message.
    public static var replay: String { "VTRACK_TEST_SEED=\(seed)" }

    /// A generator at the run's seed. Each test takes its own, so that what
    /// it draws does not depend on what runs beside it.
    public static func generator() -> SeededGenerator { SeededGenerator(seed: seed) }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): the same stream for the same
/// seed on every machine, unlike the system's generator, which takes no seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
