import NIOCore
import PostgresNIO
import VolunteerCore

/// Application statuses bound as one value for `status = ANY ($1::application_status[])`,
/// sent untyped so that PostgreSQL gives the parameter the type of its cast.
///
/// PostgreSQL plans each of these statements with its values in hand, and
/// a bound `application_status[]` is then a constant as good as a literal:
/// the planner proves a partial index's `status IN (…)` from it and
/// estimates the rows. A bound `text[]` cast to the enum is not (the cast is
/// only stable), and the index on open applications by last change goes unused.
struct ApplicationStatusArray: PostgresNonThrowingEncodable {
    let statuses: [ApplicationStatus]

    init(_ statuses: [ApplicationStatus]) {
        self.statuses = statuses
    }

    static var psqlType: PostgresDataType { .unknown }
    static var psqlFormat: PostgresFormat { .text }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        // An array literal; the labels are lower-case words, which need no quotes.
        byteBuffer.writeString("{" + statuses.map(\.rawValue).joined(separator: ",") + "}")
    }
}
