import Crypto
import PostgresNIO

/// Links events into the SHA-256 chain: `hash(n) = SHA-256(hash(n-1) ‖ encoding(event n))`,
/// starting from 32 zero bytes.
///
/// The encoding is each column of ``EventChainHasher/columns`` in its binary
/// wire form, length-prefixed (4 bytes, big-endian; NULL as 0xFFFFFFFF). The
/// binary forms of these types are canonical, so nothing is decoded or
/// re-serialised, and the encoding lives here, in the verifier, not in the
/// database it checks.
public enum EventChainHasher {
    /// The sealed columns, in order.
    static let columns = "e.seq, e.tx, e.occurred_at, e.actor, e.entity_type, e.entity_id, e.event_type, e.from_state, e.to_state, e.payload"
    static let columnCount = 10

    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// Encodes one event at a time into a buffer it keeps and hashes it, so
    /// a walk over hundreds of thousands of events allocates nothing per event.
    struct Encoder {
        private var encoding = ByteBufferAllocator().buffer(capacity: 1024)
        /// The last event read's sequence number; nil when its cells were NULL (no such event).
        private(set) var sequence: Int64?
        /// The last event read's `xid8`.
        private(set) var transaction: UInt64?
        private var digest = [UInt8](repeating: 0, count: 32)

        /// Takes the next ``columnCount`` cells from `cells`: one event's sealed columns.
        mutating func read(_ cells: inout PostgresRow.Iterator) {
            encoding.clear()
            for column in 0..<columnCount {
                let bytes = cells.next()?.bytes
                if var bytes {
                    encoding.writeInteger(UInt32(bytes.readableBytes))
                    encoding.writeBuffer(&bytes)
                } else {
                    encoding.writeInteger(UInt32.max)
                }
                if column == 0 { sequence = bytes.flatMap(EventChainHasher.int64) }
                if column == 1 { transaction = bytes.flatMap(EventChainHasher.int64).map { UInt64(bitPattern: $0) } }
            }
        }

        /// The link after `previous` for the event read last. The bytes are
        /// the encoder's until the next call.
        mutating func link(after previous: [UInt8]) -> [UInt8] {
            var hasher = SHA256()
            hasher.update(data: previous)
            encoding.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            let result = hasher.finalize()
            digest.withUnsafeMutableBytes { target in result.withUnsafeBytes { target.copyMemory(from: $0) } }
            return digest
        }
    }

    /// An `int8` or `xid8` cell's value.
    static func int64(_ bytes: ByteBuffer) -> Int64? {
        guard bytes.readableBytes == 8 else { return nil }
        return bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: Int64.self)
    }
}
