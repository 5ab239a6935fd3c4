import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct InterviewsBook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Book an interview (one event); a screening application moves to interview.",
        discussion: """
            --at is a local time in --tz. A time the clocks skip (spring forward) is
            refused; one they pass twice (fall back) needs --occurrence first|second.
            A coordinator or applicant already booked then is refused by the database.
            --notify tells the applicant in their inbox, in the same transaction: the
            time in their own zone and language. A booking whose message cannot go
            (no inbox yet) is not made.
            Examples:
              vtrack interviews book 5b2c --at 2026-12-08T18:00 --tz Europe/Prague --with alex --for 45m --notify
              vtrack interviews book 5b2c --at 2026-12-08T18:00 --for 1h --notify --template interview-invite
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The application's id, or a unique start of it.") var application: String
    @OptionGroup var time: InterviewTimeOptions
    @Option(help: "The coordinator's login (default: you).") var with: String?
    @OptionGroup var notify: InterviewNotifyOptions

    func validate() throws { try time.validate() }

    func run() async throws {
        try await CLIFailure.run {
            let shortID = try ShortID(application)
            let (start, minutes, name, notification) = (try time.instant(), time.minutes, self.with, notify.notification)
            try await database.withDatabase { database in
                let repository = InterviewRepository(database: database)
                let application = try await repository.resolve(application: shortID)
                let coordinator = try await repository.coordinator(name).name
                let id = try await repository.book(
                    application: application, coordinator: coordinator, start: start, minutes: minutes, notify: notification)
                InterviewText.report("booked", try await repository.find(id), notified: notification != nil)
            }
        }
    }
}
