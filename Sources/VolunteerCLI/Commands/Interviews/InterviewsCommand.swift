import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack interviews …`: times that suit an applicant and a coordinator, each in their own time zone.
struct InterviewsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interviews",
        abstract: "Propose, book, list, cancel and reschedule interviews across time zones.",
        discussion: """
            Coordinators keep their own weekly windows (`vtrack availability set --me`);
            applicants' come from their availability. Times are shown in both people's
            time zones; the database refuses to book a coordinator or an applicant twice.
            Examples:
              vtrack interviews propose 5b2c --with alex --for 45m --within 2026-W50
              vtrack interviews book 5b2c --at 2026-12-08T18:00 --tz Europe/Prague --with alex --for 45m --notify
              vtrack interviews list --mine --week 2026-W50
            """,
        subcommands: [
            InterviewsPropose.self, InterviewsBook.self, InterviewsList.self, InterviewsCancel.self, InterviewsReschedule.self,
        ]
    )
}

struct InterviewsPropose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "List times that fit both the applicant's and the coordinator's windows.",
        discussion: """
            Each side's windows are read in their own time zone on that week's dates,
            so a week when only one side has changed its clocks, and a window across
            the night a clock changes, come out right. Less blackouts and interviews
            already booked. The week is read in the coordinator's time zone.
            Example:
              vtrack interviews propose 5b2c --with alex --for 45m --within next-week --tz Europe/Prague
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The application's id, or a unique start of it.") var application: String
    @Option(help: "The coordinator's login (default: you).") var with: String?
    @Option(help: "How long (45m, 1h).") var `for`: TypedDuration
    @Option(help: "next-week (default), this-week or an ISO week such as 2026-W50.") var within = "next-week"
    @Option(help: "Also show times in this IANA time zone (the organisation's).") var tz: String?
    @Option(help: "Start times every this many minutes.") var step = 15
    @Option(help: "At most this many times.") var limit = 200

    func validate() throws {
        try InterviewInput.validate(minutes: self.for)
        guard within == "next-week" || within == "this-week" || ISOWeek(within) != nil else {
            throw ValidationError("--within takes next-week, this-week or an ISO week such as 2026-W50")
        }
        if let tz, !TimeZoneRules.isKnown(tz) { throw ValidationError("--tz: \(tz) is not an IANA time zone such as Europe/Prague") }
        guard [5, 10, 15, 20, 30, 60].contains(step) else { throw ValidationError("--step must be 5, 10, 15, 20, 30 or 60") }
        guard (1...2000).contains(limit) else { throw ValidationError("--limit must be between 1 and 2000") }
    }

    func run() async throws {
        try await CLIFailure.run {
            let shortID = try ShortID(application)
            let (name, within, minutes, step, limit) = (self.with, self.within, InterviewInput.minutes(self.for), self.step, self.limit)
            let (week, coordinator, applicant, slots) = try await database.withDatabase { database in
                let repository = InterviewRepository(database: database)
                let application = try await repository.resolve(application: shortID)
                let me = try await repository.coordinator(name)
                guard let zoneName = me.timeZone, let zone = TimeZone(identifier: zoneName) else {
                    throw InterviewError.noTimeZone(coordinator: me.name)
                }
                let week = InterviewInput.week(within, in: zone)
                let from = WallClock.read(week.monday, minute: 0, in: zone).earliest
                let to = WallClock.read(week.monday.adding(days: 7), minute: 0, in: zone).earliest
                let (coordinator, applicant) = try await repository.parties(
                    application: application, coordinator: me.name, from: from, to: to)
                let slots = InterviewSlots.propose(
                    coordinator.schedule, applicant.schedule, from: from, to: to, minutes: minutes, step: step, limit: limit)
                return (week, coordinator, applicant, slots)
            }
            let zones = [coordinator.timeZone, applicant.timeZone] + (tz.map { [$0] } ?? [])
            let proposals = slots.map { slot in
                ProposedTime(
                    start: slot.start, end: slot.end,
                    coordinatorLocal: InterviewText.local(slot.start, coordinator.timeZone),
                    applicantLocal: InterviewText.local(slot.start, applicant.timeZone),
                    organisationLocal: tz.map { InterviewText.local(slot.start, $0) })
            }
            switch output.resolved {
            case .json:
                Terminal.standardOutput.writeLine(
                    try JSONOutput.render(
                        Proposal(
                            week: week.description, coordinator: coordinator.name, coordinatorTimeZone: coordinator.timeZone,
                            applicantTimeZone: applicant.timeZone, times: proposals)))
            case .csv:
                Terminal.standardOutput.write(
                    CSV.render(
                        [["start_utc", "end_utc"] + zones]
                            + proposals.map {
                                [InterviewText.utc($0.start), InterviewText.utc($0.end), $0.coordinatorLocal, $0.applicantLocal]
                                    + ($0.organisationLocal.map { [$0] } ?? [])
                            }))
            case .table:
                Terminal.standardOutput.writeLine(
                    Style.dim("week \(week), \(Int(self.for.seconds / 60)) minutes, with \(coordinator.name)"))
                guard !proposals.isEmpty else { return Terminal.standardOutput.writeLine("No time suits both that week.") }
                let table = TextTable(
                    rows: [
                        ["COORDINATOR (\(coordinator.timeZone))", "APPLICANT (\(applicant.timeZone))"]
                            + (tz.map { [$0.uppercased()] } ?? [])
                    ]
                        + proposals.map { [$0.coordinatorLocal, $0.applicantLocal] + ($0.organisationLocal.map { [$0] } ?? []) })
                Terminal.standardOutput.writeLine(table.render())
            }
        }
    }
}

struct Proposal: Encodable {
    let week: String
    let coordinator: String
    let coordinatorTimeZone: String
    let applicantTimeZone: String
    let times: [ProposedTime]
}

struct ProposedTime: Encodable {
    let start: Date
    let end: Date
    let coordinatorLocal: String
    let applicantLocal: String
    let organisationLocal: String?
}

struct InterviewsBook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Book an interview (one event); a screening application moves to interview.",
        discussion: """
            --at is a local time in --tz. A time the clocks skip (spring forward) is
            refused; one they pass twice (fall back) needs --occurrence first|second.
            A coordinator or applicant already booked then is refused by the database.
            --notify sends the time to the applicant's inbox, in their own time zone.
            Example:
              vtrack interviews book 5b2c --at 2026-12-08T18:00 --tz Europe/Prague --with alex --for 45m --notify
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The application's id, or a unique start of it.") var application: String
    @OptionGroup var time: InterviewTimeOptions
    @Option(help: "The coordinator's login (default: you).") var with: String?
    @Flag(help: "Send the time to the applicant (their inbox), in their time zone.") var notify = false

    func validate() throws { try time.validate() }

    func run() async throws {
        try await CLIFailure.run {
            let shortID = try ShortID(application)
            let (start, minutes, name, notify) = (try time.instant(), time.minutes, self.with, self.notify)
            try await database.withDatabase { database in
                let repository = InterviewRepository(database: database)
                let application = try await repository.resolve(application: shortID)
                let coordinator = try await repository.coordinator(name).name
                let id = try await repository.book(application: application, coordinator: coordinator, start: start, minutes: minutes)
                try await InterviewText.report(
                    "booked", try await repository.find(id), notify: notify ? "Your interview is booked" : nil, database)
            }
        }
    }
}

struct InterviewsReschedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reschedule",
        abstract: "Move an interview to another time (one event).",
        discussion: "Example:\n  vtrack interviews reschedule 9f1e --at 2026-12-09T18:00 --tz Europe/Prague --for 45m --notify"
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The interview's id, or a unique start of it.") var interview: String
    @OptionGroup var time: InterviewTimeOptions
    @Flag(help: "Send the new time to the applicant (their inbox), in their time zone.") var notify = false

    func validate() throws { try time.validate() }

    func run() async throws {
        try await CLIFailure.run {
            let (start, minutes) = (try time.instant(), time.minutes)
            try await InterviewText.change(
                interview, database, verb: "rescheduled", notify: notify ? "Your interview has moved" : nil
            ) { try await $0.reschedule($1, start: start, minutes: minutes) }
        }
    }
}

struct InterviewsCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel an interview (one event).",
        discussion: "Example:\n  vtrack interviews cancel 9f1e --notify"
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The interview's id, or a unique start of it.") var interview: String
    @Flag(help: "Tell the applicant (their inbox), with the time in their time zone.") var notify = false

    func run() async throws {
        try await CLIFailure.run {
            try await InterviewText.change(
                interview, database, verb: "cancelled", notify: notify ? "Your interview is cancelled" : nil
            ) { try await $0.cancel($1) }
        }
    }
}

struct InterviewsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The agenda: interviews by time, in the coordinator's and the applicant's time zones.",
        discussion: """
            Examples:
              vtrack interviews list --mine --week 2026-W50
              vtrack interviews list --format csv --limit 500
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Only yours.") var mine = false
    @Option(help: "Only this ISO week (2026-W50), read in --tz.") var week: String?
    @Option(help: "The IANA time zone of --week (default: $VTRACK_TIMEZONE, then UTC).") var tz: String?
    @Flag(help: "Include cancelled interviews.") var cancelled = false
    @Option(help: "At most this many rows.") var limit = 100
    @Option(help: "Which page of --limit rows, from 1.") var page = 1

    var zone: String { tz ?? OrganisationTimeZone.name }

    func validate() throws {
        if let week, ISOWeek(week) == nil { throw ValidationError("--week must be an ISO week such as 2026-W50") }
        guard TimeZoneRules.isKnown(zone) else { throw ValidationError("--tz: \(zone) is not an IANA time zone such as Europe/Prague") }
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        guard page >= 1 else { throw ValidationError("--page starts at 1") }
    }

    func run() async throws {
        try await CLIFailure.run {
            var query = InterviewRepository.ListQuery()
            query.includeCancelled = cancelled
            query.limit = limit
            query.offset = (page - 1) * limit
            if let week = week.flatMap(ISOWeek.init), let zone = TimeZone(identifier: zone) {
                query.from = WallClock.read(week.monday, minute: 0, in: zone).earliest
                query.to = WallClock.read(week.monday.adding(days: 7), minute: 0, in: zone).earliest
            }
            let (filter, mine) = (query, self.mine)
            let records = try await database.withDatabase { database in
                let repository = InterviewRepository(database: database)
                var filter = filter
                if mine { filter.coordinator = try await repository.me() }
                return try await repository.list(filter)
            }
            switch output.resolved {
            case .json: Terminal.standardOutput.writeLine(try JSONOutput.render(records))
            case .csv:
                Terminal.standardOutput.write(
                    CSV.render(
                        [
                            [
                                "id", "application", "coordinator", "status", "starts_at", "ends_at", "coordinator_time_zone",
                                "applicant_time_zone",
                            ]
                        ]
                            + records.map {
                                [
                                    ShortID.display($0.id), ShortID.display($0.applicationId), $0.coordinator, $0.status,
                                    InterviewText.utc($0.startsAt), InterviewText.utc($0.endsAt), $0.coordinatorTimeZone ?? "",
                                    $0.applicantTimeZone,
                                ]
                            }))
            case .table:
                guard !records.isEmpty else { return Terminal.standardOutput.writeLine("No interviews.") }
                var table = TextTable("ID", "APPLICATION", "COORDINATOR", "STATUS", "COORDINATOR'S TIME", "APPLICANT'S TIME", "MIN")
                for record in records {
                    table.append(
                        ShortID.display(record.id), ShortID.display(record.applicationId), record.coordinator, record.status,
                        record.coordinatorTimeZone.map { InterviewText.local(record.startsAt, $0) + " " + $0 } ?? "-",
                        InterviewText.local(record.startsAt, record.applicantTimeZone) + " " + record.applicantTimeZone,
                        String(Int(record.endsAt.timeIntervalSince(record.startsAt) / 60)))
                }
                Terminal.standardOutput.writeLine(table.render())
            }
        }
    }
}

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

    /// Changes the interview `shortID` names with `body`, tells the applicant
    /// when `notify` has a headline, and prints what it is now.
    static func change(
        _ shortID: String, _ options: DatabaseOptions, verb: String, notify: String?,
        _ body: @escaping @Sendable (InterviewRepository, UUID) async throws -> Void
    ) async throws {
        let shortID = try ShortID(shortID)
        try await options.withDatabase { database in
            let repository = InterviewRepository(database: database)
            let id = try await repository.resolve(interview: shortID)
            try await body(repository, id)
            try await report(verb, try await repository.find(id), notify: notify, database)
        }
    }

    /// Says what was done, then (the change is committed by now) tells the
    /// applicant when `notify` has a headline; a message that cannot go
    /// (no inbox) is said as such, after the change it does not undo.
    static func report(_ verb: String, _ record: InterviewRecord, notify: String?, _ database: Database) async throws {
        Terminal.standardOutput.writeLine(summary(verb, record))
        guard let notify else { return }
        do {
            try await Self.notify(record, notify, database)
            Terminal.standardError.writeLine("the applicant was sent the time, in \(record.applicantTimeZone)")
        } catch {
            Terminal.standardError.writeLine("the interview is \(verb), but the applicant was not told:")
            throw error
        }
    }

    /// Sends the time to the applicant's inbox, in their zone. The text is
    /// personal data once sent: it is never logged.
    static func notify(_ record: InterviewRecord, _ headline: String, _ database: Database) async throws {
        let zone = record.applicantTimeZone
        let minutes = Int(record.endsAt.timeIntervalSince(record.startsAt) / 60)
        let text =
            record.status == "cancelled"
            ? "\(headline): \(local(record.startsAt, zone)) (\(zone))."
            : "\(headline): \(local(record.startsAt, zone)) (\(zone)), \(minutes) minutes."
        _ = try await MessageRepository(database: database).send(.text(text), to: [record.applicationId])
    }
}
