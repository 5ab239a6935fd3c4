import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

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
