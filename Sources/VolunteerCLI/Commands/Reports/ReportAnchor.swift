import Foundation
import VolunteerCore
import VolunteerStore

/// The chain head an earlier report's JSON published: where this report's
/// verification starts.
struct ReportAnchor {
    let week: String
    let head: ChainAnchor

    /// A weekly, monthly or quarterly report: its period is under `week`,
    /// `month` or `quarter`.
    private struct File: Decodable {
        struct Audit: Decodable { let head: WeeklyReport.ChainHead? }
        enum Keys: String, CodingKey { case week, month, quarter, audit }
        let week: String
        let audit: Audit

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            week =
                try container.decodeIfPresent(String.self, forKey: .week) ?? container.decodeIfPresent(String.self, forKey: .month)
                ?? container.decode(String.self, forKey: .quarter)
            audit = try container.decode(Audit.self, forKey: .audit)
        }
    }

    init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DomainError.invalid(field: "--anchor", reason: "\(path) cannot be read")
        }
        guard let file = try? JSONDecoder().decode(File.self, from: data) else {
            throw DomainError.invalid(
                field: "--anchor", reason: "\(path) is not a report in JSON (no week, month or quarter and audit.head)")
        }
        guard let head = file.audit.head else {
            throw DomainError.invalid(field: "--anchor", reason: "the report in \(path) has no chain head (nothing was sealed then)")
        }
        guard let hash = [UInt8](hex: head.hash), hash.count == 32, head.position > 0 else {
            throw DomainError.invalid(field: "--anchor", reason: "the chain head in \(path) is not a position and a SHA-256 hash")
        }
        week = file.week
        self.head = ChainAnchor(position: head.position, sequence: head.sequence, hash: hash)
    }
}
