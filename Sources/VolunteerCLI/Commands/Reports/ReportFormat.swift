import ArgumentParser
import VolunteerCore

enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case markdown, html, csv, json

    var fileExtension: String {
        switch self {
        case .markdown: "md"
        case .html, .csv, .json: rawValue
        }
    }

    /// Formats people read: small counts hidden unless asked otherwise.
    var suppressesSmallCountsByDefault: Bool { self == .markdown || self == .html }

    func render(_ report: WeeklyReport) throws -> String {
        switch self {
        case .markdown: MarkdownReport.render(report)
        case .html: HTMLReport.render(report)
        case .csv: CSVReport.render(report)
        case .json: try JSONOutput.render(report) + "\n"
        }
    }
}
