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

    /// The sealed columns of one event, as sent by the server.
    struct SealedCells {
        var cells: [ByteBuffer?] = []

        /// Takes the next ``columnCount`` cells from `iterator`.
        init(from iterator: inout PostgresRow.Iterator) {
            cells.reserveCapacity(columnCount)
            for _ in 0..<columnCount { cells.append(iterator.next()?.bytes) }
        }

        var isMissing: Bool { cells[0] == nil }
        var sequence: Int64? { cells[0].flatMap(EventChainHasher.int64) }
        /// The `xid8` of the writing transaction.
        var transaction: UInt64? { cells[1].flatMap(EventChainHasher.int64).map { UInt64(bitPattern: $0) } }

        func link(after previous: [UInt8]) -> [UInt8] {
            var hasher = SHA256()
            hasher.update(data: previous)
            for cell in cells {
                if let bytes = cell {
                    var length = UInt32(bytes.readableBytes).bigEndian
                    withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
                    bytes.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                } else {
                    var null = UInt32.max
                    withUnsafeBytes(of: &null) { hasher.update(bufferPointer: $0) }
                }
            }
            return Array(hasher.finalize())
        }
    }

    /// An `int8` or `xid8` cell's value.
    static func int64(_ bytes: ByteBuffer) -> Int64? {
        guard bytes.readableBytes == 8 else { return nil }
        return bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: Int64.self)
    }
}
