import Foundation
import VolunteerCore

/// A weekly report's figures as every format shows them to people.
enum ReportValue {
    /// Said where a figure is missing or left out.
    static let missing = "—"

    /// `<3` when hidden: a report never shows a hidden count's real value.
    static func count(_ tally: Tally) -> String { tally.description }

    /// `+3`, `−2` or `±0`; nothing when either week is hidden.
    static func change(_ figures: WeekOnWeek) -> String {
        guard let change = figures.change else { return "" }
        return change > 0 ? "+\(change)" : change < 0 ? "−\(-change)" : "±0"
    }

    /// A share from 0 to 1 as `41.7%`.
    static func percent(_ fraction: Double?) -> String {
        fraction.map { String(format: "%.1f%%", $0 * 100) } ?? missing
    }

    /// `31.5 h` below two days, where hours are what people count in; `3.2 days` above.
    static func duration(hours: Double?) -> String {
        guard let hours else { return missing }
        return hours < 48 ? String(format: "%.1f h", hours) : String(format: "%.1f days", hours / 24)
    }

    /// Available hours: `312.5 h`, `40 h`.
    static func hours(_ hours: Double?) -> String {
        hours.map { "\(plain($0, decimals: 1)) h" } ?? missing
    }

    static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }

    /// `on_hold` → `On hold`: a state or stage as a word.
    static func label(_ identifier: String) -> String {
        let words = identifier.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// `Weekly`, `Monthly`, `Quarterly`.
    static func adjective(_ kind: ReportSpan.Kind) -> String {
        switch kind {
        case .week: "Weekly"
        case .month: "Monthly"
        case .quarter: "Quarterly"
        }
    }

    static func assignee(_ name: String?) -> String { name ?? "(unassigned)" }

    /// An onboarding task with no coordinator is the volunteer's own.
    static func taskAssignee(_ name: String?) -> String { name ?? "(volunteer)" }

    /// `0.417`, `12`, `31.25`: for machines, at most `decimals` places and no trailing zeros.
    static func plain(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `1 application`, `<3 applications`, `0 applications`.
    static func counted(_ tally: Tally, _ singular: String, _ plural: String) -> String {
        "\(count(tally)) \(!tally.isSuppressed && tally.count == 1 ? singular : plural)"
    }
}
