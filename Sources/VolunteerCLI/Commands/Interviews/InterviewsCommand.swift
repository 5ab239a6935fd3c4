import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

/// `vtrack interviews …`: times that suit an applicant and a coordinator, each in their own time zone.
struct InterviewsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interviews",
        abstract: "Propose, book, list, reschedule and cancel interviews across time zones, and record how they went.",
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
            InterviewsPropose.self, InterviewsBook.self, InterviewsList.self, InterviewsReschedule.self, InterviewsCancel.self,
            InterviewsDone.self, InterviewsMissed.self,
        ]
    )
}
