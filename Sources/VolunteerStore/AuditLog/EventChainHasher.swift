import Crypto
import PostgresNIO

/// Links events into the SHA-256 chain: `hash(n) = SHA-256(hash(n-1) ‖ encoding(event n))`,
/// starting from 32 zero bytes.
///
/// The encoding is each column of ``EventChainHasher/columns`` in its binary
/// wire form, length-prefixed (4 bytes, big-endian; NULL as 0xFFFFFFFF). The
/// binary forms of these types are canonical, so nothing is decoded or
/// re-serialised, and the encoding lives here, in the verifier, not in the
/// database it checks. The columns come as one value, ``recordSQL``, which
/// is the same bytes with a column count and each column's type added: a
/// tenth of the cells to take apart, which was most of a walk's time here.
public enum EventChainHasher {
    /// The sealed columns, in order.
    static let columns =
        "e.seq, e.tx, e.occurred_at, e.actor, e.entity_type, e.entity_id, e.event_type, e.from_state, e.to_state, e.payload"
    static let columnCount = 10
    /// The sealed columns of the event `e` as one binary record (`record_send`
    /// is what PostgreSQL sends for a record column in binary).
    static let recordSQL = "pg_catalog.record_send(ROW(\(columns)))"

    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// Encodes one event at a time into a buffer it keeps, and hashes it in
    /// one pass.
    struct Encoder {
        private var encoding = ByteBufferAllocator().buffer(capacity: 1024)
        /// The last event read's sequence number; nil when its columns were NULL (no such event).
        private(set) var sequence: Int64?
        /// The last event read's `xid8`.
        private(set) var transaction: UInt64?

        /// One event's sealed columns as `record_send` sent them: a column
        /// count, then for each column its type, length and bytes. The
        /// encoding is the same without the count and types.
        mutating func read(record: ByteBuffer) throws(MalformedRecord) {
            encoding.clear()
            sequence = nil
            transaction = nil
            var record = record
            guard record.readInteger(as: UInt32.self) == UInt32(columnCount) else { throw MalformedRecord() }
            for column in 0..<columnCount {
                guard record.readInteger(as: UInt32.self) != nil, let length = record.readInteger(as: Int32.self) else {
                    throw MalformedRecord()
                }
                encoding.writeInteger(length)
                guard length >= 0 else { continue }
                guard var bytes = record.readSlice(length: Int(length)) else { throw MalformedRecord() }
                if column == 0 { sequence = EventChainHasher.int64(bytes) }
                if column == 1 { transaction = EventChainHasher.int64(bytes).map { UInt64(bitPattern: $0) } }
                encoding.writeBuffer(&bytes)
            }
            guard record.readableBytes == 0 else { throw MalformedRecord() }
        }

        /// The link after `previous` for the event read last.
        func link(after previous: [UInt8]) -> [UInt8] {
            var hasher = SHA256()
            hasher.update(data: previous)
            encoding.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            return Array(hasher.finalize())
        }
    }

    /// A record that is not the ten sealed columns.
    struct MalformedRecord: Error {}

    /// An `int8` or `xid8` cell's value.
    static func int64(_ bytes: ByteBuffer) -> Int64? {
        guard bytes.readableBytes == 8 else { return nil }
        return bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: Int64.self)
    }
}
