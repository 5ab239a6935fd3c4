import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `--at`, `--tz`, `--for` and `--occurrence`: when an interview is.
struct InterviewTimeOptions: ParsableArguments {
    @Option(help: "When it starts, as YYYY-MM-DDTHH:MM in --tz.") var at: String
    @Option(help: "The IANA time zone of --at (default: $VTRACK_TIMEZONE, then UTC).") var tz: String?
    @Option(help: "How long (45m, 1h).") var `for`: TypedDuration
    @Option(help: "first or second: which of a time the clocks pass twice (fall back).") var occurrence: String?

    var zone: String { tz ?? OrganisationTimeZone.name }
    var minutes: Int { InterviewInput.minutes(self.for) }

    func validate() throws {
        guard at.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}/) != nil,
            LocalDate(String(at.prefix(10))) != nil, TimeOfDay(String(at.suffix(5))) != nil
        else { throw ValidationError("--at must be a time such as 2026-12-08T18:00") }
        guard TimeZoneRules.isKnown(zone) else { throw ValidationError("--tz: \(zone) is not an IANA time zone such as Europe/Prague") }
        try InterviewInput.validate(minutes: self.for)
        if let occurrence, occurrence != "first", occurrence != "second" { throw ValidationError("--occurrence takes first or second") }
    }

    /// `--at` read in `--tz`: refused in a spring-forward gap, and in a
    /// fall-back hour unless --occurrence says which.
    func instant() throws -> Date {
        let zone = TimeZone(identifier: self.zone)!
        let (date, time) = (LocalDate(String(at.prefix(10)))!, TimeOfDay(String(at.suffix(5)))!)
        switch WallClock.read(date, minute: time.minutes, in: zone) {
        case .exact(let instant):
            return instant
        case .skipped(let transition):
            throw DomainError.invalid(
                field: "--at",
                reason:
                    "\(at) does not exist in \(self.zone): the clocks skip it (they jump at \(InterviewText.local(transition, self.zone))); pick another time"
            )
        case .repeated(let earlier, let later):
            switch occurrence {
            case "first": return earlier
            case "second": return later
            default:
                throw DomainError.invalid(
                    field: "--at",
                    reason:
                        "\(at) happens twice in \(self.zone) (the clocks go back): add --occurrence first (\(InterviewText.utc(earlier))) or --occurrence second (\(InterviewText.utc(later)))"
                )
            }
        }
    }
}

enum InterviewInput {
    static func minutes(_ duration: TypedDuration) -> Int { Int(duration.seconds / 60) }

    static func validate(minutes duration: TypedDuration) throws {
        guard (5...480).contains(minutes(duration)) else { throw ValidationError("--for must be from 5m to 8h") }
    }

    /// `next-week`, `this-week` (by today's date in `zone`) or an ISO week.
    static func week(_ text: String, in zone: TimeZone) -> ISOWeek {
        switch text {
        case "this-week": ISOWeek.containing(Date(), in: zone)
        case "next-week": ISOWeek.containing(Date(), in: zone).adding(weeks: 1)
        default: ISOWeek(text)!
        }
    }
}
