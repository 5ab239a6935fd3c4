import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct InterviewsReschedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reschedule",
        abstract: "Move an interview to another time (one event).",
        discussion: "Example:\n  vtrack interviews reschedule 9f1e --at 2026-12-09T18:00 --tz Europe/Prague --for 45m --notify"
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The interview's id, or a unique start of it.") var interview: String
    @OptionGroup var time: InterviewTimeOptions
    @OptionGroup var notify: InterviewNotifyOptions

    func validate() throws { try time.validate() }

    func run() async throws {
        try await CLIFailure.run {
            let (start, minutes, notification) = (try time.instant(), time.minutes, notify.notification)
            try await InterviewText.change(interview, database, verb: "rescheduled", notified: notification != nil) {
                try await $0.reschedule($1, start: start, minutes: minutes, notify: notification)
            }
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
    @OptionGroup var notify: InterviewNotifyOptions

    func run() async throws {
        try await CLIFailure.run {
            let notification = notify.notification
            try await InterviewText.change(interview, database, verb: "cancelled", notified: notification != nil) {
                try await $0.cancel($1, notify: notification)
            }
        }
    }
}

/// `done` and `missed`: how an interview that has started went.
protocol InterviewOutcomeCommand: AsyncParsableCommand {
    static var outcome: InterviewOutcome { get }
    var database: DatabaseOptions { get }
    var interview: String { get }
}

extension InterviewOutcomeCommand {
    func run() async throws {
        try await CLIFailure.run {
            try await InterviewText.change(interview, database, verb: Self.outcome.rawValue, notified: false) {
                try await $0.record($1, outcome: Self.outcome)
            }
        }
    }
}

struct InterviewsDone: InterviewOutcomeCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Record that an interview took place (one event), once it has started.",
        discussion: "Then move the application on: `vtrack applications move APP offered`.\nExample:\n  vtrack interviews done 9f1e"
    )
    static let outcome = InterviewOutcome.done
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The interview's id, or a unique start of it.") var interview: String
}

struct InterviewsMissed: InterviewOutcomeCommand {
    static let configuration = CommandConfiguration(
        commandName: "missed",
        abstract: "Record that the applicant did not come (one event), once the interview has started.",
        discussion: "Book another time with `vtrack interviews book`.\nExample:\n  vtrack interviews missed 9f1e"
    )
    static let outcome = InterviewOutcome.missed
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The interview's id, or a unique start of it.") var interview: String
}

/// `--notify [--template NAME]`: whether the applicant hears of a change, and in whose words.
struct InterviewNotifyOptions: ParsableArguments {
    @Flag(help: "Tell the applicant (their inbox), the time in their own zone and language.") var notify = false
    @Option(
        help: ArgumentHelp(
            "With --notify: the organisation's message template instead of the built-in wording.",
            discussion: "It may use {{interview_time}} and {{interview_minutes}} besides {{position}} and {{coordinator}}.",
            valueName: "name")
    ) var template: String?

    func validate() throws {
        if template != nil, !notify { throw ValidationError("--template goes with --notify") }
    }

    var notification: InterviewNotification? {
        guard notify else { return nil }
        return template.map { .template($0) } ?? .builtIn
    }
}
