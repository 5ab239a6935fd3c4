import Foundation
import VolunteerCore
import VolunteerStore

/// `applications list --json`: the summary, plus `personal_data` (or
/// `personal_data_problem`) with --reveal.
struct ApplicationListRow: Encodable {
    let summary: ApplicationSummary
    let revealed: RevealedPersonalData?

    init(_ summary: ApplicationSummary, revealed: RevealedPersonalData?) {
        self.summary = summary
        self.revealed = revealed
    }

    enum CodingKeys: String, CodingKey {
        case personalData, personalDataProblem
    }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch revealed {
        case .none: break
        case .opened(let data): try container.encode(data, forKey: .personalData)
        case .notGrantedToThisKey: try container.encode("not granted to your key", forKey: .personalDataProblem)
        case .unreadable(let error): try container.encode(error.description, forKey: .personalDataProblem)
        }
    }
}

enum ApplicationListView {
    static func table(_ rows: [ApplicationSummary], personal: [UUID: RevealedPersonalData]?) -> String {
        var headers = ["ID", "POSITION", "STATUS", "SUBMITTED", "ASSIGNEE", "DUP"]
        if personal != nil { headers += ["NAME", "CONTACT"] }
        var lines = [headers]
        for row in rows {
            var cells = [
                String(row.id.uuidString.lowercased().prefix(8)), row.position, row.status.rawValue,
                row.submittedAt.formatted(.iso8601.year().month().day()), row.assignedTo ?? "-", row.possibleDuplicate ? "yes" : "",
            ]
            if let personal {
                switch personal[row.applicantID] {
                case .opened(let data):
                    cells += [data.name, data.contacts.first.map { "\($0.kind): \($0.value)" } ?? "-"]
                case .notGrantedToThisKey: cells += ["(not granted to your key)", ""]
                case .unreadable: cells += ["(unreadable: altered)", ""]
                case .none: cells += ["(erased)", ""]
                }
            }
            lines.append(cells)
        }
        return TextTable(rows: lines).render()
    }
}
