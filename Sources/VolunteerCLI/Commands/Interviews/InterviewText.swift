import Foundation
import VolunteerCore
import VolunteerStore

enum InterviewText {
    /// `Tue 2026-12-08 18:00`, in `zone`.
    static func local(_ instant: Date, _ zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = TimeZone(identifier: zone) ?? .gmt
        formatter.dateFormat = "EEE yyyy-MM-dd HH:mm"
        return formatter.string(from: instant)
    }

    static func utc(_ instant: Date) -> String { instant.formatted(.iso8601) }

    static func summary(_ verb: String, _ record: InterviewRecord) -> String {
        let coordinatorTime = record.coordinatorTimeZone.map { "\(local(record.startsAt, $0)) \($0)" } ?? utc(record.startsAt)
        return "interview \(ShortID.display(record.id)) \(verb): \(coordinatorTime) for \(record.coordinator), "
            + "\(local(record.startsAt, record.applicantTimeZone)) \(record.applicantTimeZone) for the applicant"
    }

    /// Changes the interview `shortID` names with `body` (which tells the
    /// applicant in the same transaction when asked to), and prints what it
    /// is now.
    static func change(
        _ shortID: String, _ options: DatabaseOptions, verb: String, notified: Bool,
        _ body: @escaping @Sendable (InterviewRepository, UUID) async throws -> Void
    ) async throws {
        let shortID = try ShortID(shortID)
        try await options.withDatabase { database in
            let repository = InterviewRepository(database: database)
            let id = try await repository.resolve(interview: shortID)
            try await body(repository, id)
            report(verb, try await repository.find(id), notified: notified)
        }
    }

    /// Says what was done, committed by now, and whether the applicant was told.
    static func report(_ verb: String, _ record: InterviewRecord, notified: Bool) {
        Terminal.standardOutput.writeLine(summary(verb, record))
        if notified {
            Terminal.standardError.writeLine("the applicant was told in their inbox, the time in \(record.applicantTimeZone)")
        }
    }
}
