import ArgumentParser
import Foundation
import VolunteerCore
import VolunteerStore

struct ApplicationsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything about one application: details, timeline, the same person's other applications.",
        discussion: """
            Examples:
              vtrack applications show 3f2a91c0
              vtrack applications show 3f2a --reveal --json
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var keyFile: KeyFileOptions
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Open the name and contacts (logged).") var reveal = false
    @Argument(help: "The application's id, or a unique start of it.") var id: String

    func run() async throws {
        try await CLIFailure.run {
            let shortID = try ShortID(id)
            let key = reveal ? try keyFile.load() : nil
            let (detail, personal) = try await database.withDatabase { database in
                let repository = ApplicationRepository(database: database)
                let detail = try await repository.detail(id: try await repository.resolve(shortID))
                guard let key else { return (detail, RevealedPersonalData?.none) }
                let revealed = try await PersonalDataRepository(database: database, key: key).reveal([detail.summary.applicantID])
                return (detail, revealed[detail.summary.applicantID])
            }
            if json {
                Terminal.standardOutput.writeLine(try JSONOutput.render(ApplicationShowJSON(detail: detail, revealed: personal)))
            } else {
                Terminal.standardOutput.writeLine(
                    ApplicationShowView(detail: detail, personal: reveal ? .some(personal) : nil, now: Date()).text)
            }
        }
    }
}

struct ApplicationShowJSON: Encodable {
    let detail: ApplicationDetail
    let revealed: RevealedPersonalData?

    func encode(to encoder: any Encoder) throws {
        try detail.encode(to: encoder)
        try RevealedJSON.encode(revealed, to: encoder)
    }
}

struct ApplicationShowView {
    let detail: ApplicationDetail
    /// Nil without --reveal; `.some(nil)` when the data was erased.
    let personal: RevealedPersonalData??
    let now: Date

    static func erasure(_ reason: String?) -> String {
        switch reason {
        case "applicant": "erased by the applicant"
        case "retention": "erased by the retention policy"
        case "request": "erased by a coordinator at the applicant's request"
        case let reason?: "erased by a coordinator (\(reason))"
        case nil: "erased"
        }
    }

    var text: String {
        let summary = detail.summary
        var fields = TextTable("FIELD", "VALUE")
        fields.append("id", summary.id.uuidString.lowercased())
        fields.append("position", "\(summary.position) (\(detail.positionTitle))")
        var status = summary.status.rawValue
        if let held = detail.heldFrom { status += " (from \(held.rawValue))" }
        if let reason = detail.rejectionReason { status += " (reason: \(reason.rawValue))" }
        fields.append("status", status)
        fields.append(
            "submitted", "\(summary.submittedAt.formatted(.iso8601)) (\(Age.short(now.timeIntervalSince(summary.submittedAt))) ago)")
        fields.append("waiting", summary.waiting(at: now).map { "\(Age.short($0)) since the last action" } ?? "-")
        fields.append("assigned to", summary.assignedTo ?? "-")
        fields.append("skills", summary.skills.isEmpty ? "-" : summary.skills.joined(separator: ", "))
        fields.append("languages", summary.languages.isEmpty ? "-" : summary.languages.joined(separator: ", "))
        fields.append("time zone", detail.timeZone ?? "-")
        fields.append("hours per week", detail.hoursPerWeek.map { String(format: "%g", $0) } ?? "-")
        fields.append("source", detail.source ?? "-")
        fields.append("duplicate", summary.possibleDuplicate ? "another applicant gave the same e-mail" : "no")
        fields.append(
            "privacy notice",
            detail.privacyNotice.map { version in
                "\(version), accepted \(detail.consentedAt.map { $0.formatted(.iso8601) } ?? "at an unknown time")"
            } ?? "-")
        if detail.erased { fields.append("personal data", Self.erasure(detail.erasureReason)) }
        if let personal {
            switch personal {
            case .opened(let data)?:
                fields.append("name", data.name)
                for contact in data.contacts { fields.append(contact.kind, contact.value) }
            case .notGrantedToThisKey?: fields.append("personal data", "not granted to your key")
            case .unreadable?: fields.append("personal data", "unreadable: altered")
            case nil: fields.append("personal data", "none (erased)")
            }
        }
        var sections = [fields.render(colouringStatusRowAs: summary.status.rawValue)]
        var timeline = TextTable("SEQ", "WHEN", "ACTOR", "EVENT", "CHANGE")
        for entry in detail.timeline {
            let change = [entry.fromState, entry.toState].compactMap { $0 }.joined(separator: " → ")
            timeline.append(String(entry.seq), entry.occurredAt.formatted(.iso8601), entry.actor, entry.eventType, change)
        }
        sections.append("Timeline\n" + timeline.render())
        if !detail.related.isEmpty {
            var related = TextTable("ID", "POSITION", "STATUS", "SUBMITTED", "MATCH")
            for other in detail.related {
                related.append(
                    ShortID.display(other.id, length: 12), other.position, other.status.rawValue,
                    other.submittedAt.formatted(.iso8601.year().month().day()), other.sameApplicant ? "same applicant" : "same e-mail"
                )
            }
            sections.append("Other applications by the same person\n" + related.render())
        }
        return sections.joined(separator: "\n\n")
    }
}
