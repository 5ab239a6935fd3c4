import Foundation
import VolunteerCore
import VolunteerStore

/// `applications list --json`: the summary, plus `personal_data` (or
/// `personal_data_problem`) with --reveal.
struct ApplicationListRow: Encodable {
    let summary: ApplicationSummary
    let revealed: RevealedPersonalData?
    let waitingSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case waitingSeconds
    }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(waitingSeconds, forKey: .waitingSeconds)
        try RevealedJSON.encode(revealed, to: encoder)
    }
}

/// `personal_data`, or `personal_data_problem` saying why not, with --reveal.
enum RevealedJSON {
    enum CodingKeys: String, CodingKey {
        case personalData, personalDataProblem
    }

    static func encode(_ revealed: RevealedPersonalData?, to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch revealed {
        case .none: break
        case .opened(let data): try container.encode(data, forKey: .personalData)
        case .notGrantedToThisKey: try container.encode("not granted to your key", forKey: .personalDataProblem)
        case .unreadable(let error): try container.encode(error.description, forKey: .personalDataProblem)
        }
    }
}

/// The rows of `applications list` as a table (fits 100 columns without
/// --reveal), CSV cells or JSON.
struct ApplicationListView {
    let rows: [ApplicationSummary]
    /// Nil without --reveal.
    let personal: [UUID: RevealedPersonalData]?
    let now: Date

    var jsonRows: [ApplicationListRow] {
        rows.map { row in
            ApplicationListRow(
                summary: row, revealed: personal.flatMap { $0[row.applicantID] },
                waitingSeconds: row.waiting(at: now).map { Int($0) }
            )
        }
    }

    var table: String {
        var lines = [header]
        for row in rows { lines.append(cells(row, truncate: true)) }
        let table = TextTable(rows: lines)
        let statusColumn = 2
        return table.render { column, cell in column == statusColumn ? Style.status(cell, cell.trimmed) : cell }
    }

    func cells(forCSV: Bool) -> [[String]] {
        var header = [
            "id", "position", "status", "submitted_at", "waiting_seconds", "skills", "languages", "assigned_to", "possible_duplicate",
        ]
        if personal != nil { header += ["name", "contact"] }
        return [header]
            + rows.map { row in
                var cells = [
                    row.id.uuidString.lowercased(), row.position, row.status.rawValue, row.submittedAt.formatted(.iso8601),
                    row.waiting(at: now).map { String(Int($0)) } ?? "", row.skills.joined(separator: " "),
                    row.languages.joined(separator: " "), row.assignedTo ?? "", row.possibleDuplicate ? "true" : "false",
                ]
                if personal != nil { cells += personalCells(row) }
                return cells
            }
    }

    private var header: [String] {
        var header = ["ID", "POSITION", "STATUS", "AGE", "WAITING", "SKILLS", "LANGS", "ASSIGNEE", "DUP"]
        if personal != nil { header += ["NAME", "CONTACT"] }
        return header
    }

    private func cells(_ row: ApplicationSummary, truncate: Bool) -> [String] {
        var cells = [
            row.shortID, TextTable.fit(row.position, 16), row.status.rawValue,
            Age.short(now.timeIntervalSince(row.submittedAt)), row.waiting(at: now).map(Age.short) ?? "-",
            TextTable.fit(row.skills.joined(separator: ","), 16), TextTable.fit(row.languages.joined(separator: ","), 8),
            TextTable.fit(row.assignedTo ?? "-", 10), row.possibleDuplicate ? "dup" : "",
        ]
        if personal != nil { cells += personalCells(row) }
        return cells
    }

    private func personalCells(_ row: ApplicationSummary) -> [String] {
        switch personal?[row.applicantID] {
        case .opened(let data): [data.name, data.contacts.first.map { "\($0.kind): \($0.value)" } ?? "-"]
        case .notGrantedToThisKey: ["(not granted to your key)", ""]
        case .unreadable: ["(unreadable: altered)", ""]
        case .none: ["(erased)", ""]
        }
    }
}
