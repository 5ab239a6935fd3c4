import Foundation

/// `VTRACK_TIMEZONE`: the organisation's IANA time zone, UTC when unset.
enum OrganisationTimeZone {
    static var name: String {
        ProcessInfo.processInfo.environment["VTRACK_TIMEZONE"].flatMap { $0.isEmpty ? nil : $0 } ?? "UTC"
    }
}
