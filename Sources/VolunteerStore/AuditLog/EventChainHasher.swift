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
    /// The columns that are sealed, in order. Both the sealer and the verifier
    /// select exactly these first.
    static let columns = "e.seq, e.tx, e.occurred_at, e.actor, e.entity_type, e.entity_id, e.event_type, e.from_state, e.to_state, e.payload"
    static let columnCount = 10

    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The next link, from the first `columnCount` cells of `row`.
    static func link(after previous: [UInt8], row: PostgresRow) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        for cell in row.prefix(columnCount) {
            if let bytes = cell.bytes {
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

    /// The `xid8` of column 1, read from its 8 big-endian bytes.
    static func transaction(of row: PostgresRow) -> UInt64? {
        guard let bytes = row[row.index(after: row.startIndex)].bytes, bytes.readableBytes == 8 else { return nil }
        return bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: UInt64.self)
    }
}
