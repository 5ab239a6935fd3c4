import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct ApplicantsErase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase an applicant's personal data for good (logged, irreversible).",
        discussion: """
            Goes: name, contacts, motivation, coordinators' notes, the keys that
            opened them, availability, skills, languages, time zone, hours per
            week, the e-mail's duplicate index, the message threads and the status links (the
            applicant's token stops working). A volunteer is offboarded first
            (open onboarding tasks cancelled); applications still open are
            withdrawn.
            Stays: ids, states and dates of the applications, their position and
            source, the privacy notice accepted, and the audit log, which never
            held personal data, so reports and the chain still add up. One
            `applicant.erased` event names the reason and you as the actor.

            At a terminal it asks you to type the applicant's short id; a script
            must pass --yes. An applicant erased already is refused (exit 1).
            Reasons: request (the person asked without their token), retention
            (the retention period is over), duplicate, other.
            Examples:
              vtrack applicants erase 3f2a91c0 --reason request
              vtrack applicants erase 6d0c3b8e --reason retention --yes
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Why the applicant is erased.") var reason: ErasureReason
    @Flag(help: "Do not ask for confirmation (needed when stdin is not a terminal).") var yes = false
    @Argument(help: "An application's id or unique start, or the applicant's whole id.") var id: String

    func validate() throws {
        if !yes && !Confirmation.possible {
            throw ValidationError("erasure cannot be undone: stdin is not a terminal to confirm on, so pass --yes")
        }
    }

    func run() async throws {
        try await CLIFailure.run {
            let reference = try ShortID(id)
            let (reason, confirmed) = (reason, yes)
            let (preview, outcome) = try await database.withDatabase { database in
                let erasure = ApplicantErasure(database: database)
                let preview = try await erasure.preview(try await database.applicant(named: reference))
                if let erasedAt = preview.erasedAt {
                    return (preview, ErasureOutcome.alreadyErased(at: erasedAt, reason: preview.erasureReason ?? "unknown"))
                }
                if !confirmed { try Self.confirm(preview) }
                return (preview, try await erasure.erase(preview.applicantID, reason: reason))
            }
            let applicant = preview.applicantID.uuidString.lowercased()
            switch outcome {
            case .alreadyErased(let at, let earlier):
                throw AlreadyErased(applicant: applicant, at: at, reason: earlier)
            case .erased:
                var lines = ["erased applicant \(applicant) (reason: \(reason.rawValue))"]
                if preview.activeVolunteers > 0 {
                    lines.append("offboarded \(preview.activeVolunteers) volunteer(s); cancelled \(preview.openTasks) open task(s)")
                }
                if preview.openApplications > 0 { lines.append("withdrew \(preview.openApplications) open application(s)") }
                lines.append("kept as records without personal data: \(preview.applications) application(s)")
                Terminal.standardOutput.writeLine(lines.joined(separator: "\n"))
            }
        }
    }

    /// Says what goes and what stays, then wants the short id typed back.
    private static func confirm(_ preview: ErasurePreview) throws {
        let short = ShortID.display(preview.applicantID)
        var goes = [
            "personal data" + (preview.hasPersonalData ? "" : " (none left)"), "\(preview.notes) note(s)", "\(preview.messages) message(s)",
        ]
        goes += ["availability, skills, languages, time zone, hours", "status links"]
        var lines = [
            "Erasing applicant \(short) cannot be undone.",
            "Goes: " + goes.joined(separator: ", ") + ".",
            "Stays: \(preview.applications) application(s) as records (ids, states, dates, position, source, consent) and the audit log.",
        ]
        if preview.activeVolunteers > 0 {
            lines.append("First \(preview.activeVolunteers) volunteer(s) are offboarded and \(preview.openTasks) open task(s) cancelled.")
        }
        if preview.openApplications > 0 { lines.append("\(preview.openApplications) open application(s) are withdrawn.") }
        Terminal.standardError.writeLine(lines.joined(separator: "\n"))
        guard let typed = try Confirmation.ask("Type \(short) to erase: ") else {
            throw ValidationError("no terminal to confirm on; pass --yes")
        }
        guard ShortID.display(preview.applicantID) == (try? ShortID(typed))?.digits else { throw NotConfirmed() }
    }
}

/// The applicant was erased before: nothing was done (exit 1).
struct AlreadyErased: Error, CustomStringConvertible {
    let applicant: String
    let at: Date
    let reason: String

    var description: String {
        "applicant \(applicant) was already erased on \(at.formatted(.iso8601)) (reason: \(reason)); nothing is left to erase"
    }
}

/// What was typed is not the short id asked for (exit 1).
struct NotConfirmed: Error, CustomStringConvertible {
    var description: String { "not confirmed; nothing was erased" }
}
