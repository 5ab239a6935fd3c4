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

    /// Position titles and teams are colleagues' words: Markdown and HTML
    /// show their control and format characters escaped, as on a terminal,
    /// wherever the report goes (a terminal, a file, a mail); CSV and JSON
    /// escape them their own way.
    func render(_ report: WeeklyReport) throws -> String {
        switch self {
        case .markdown: TerminalText.escape(MarkdownReport.render(report), paragraph: true)
        case .html: TerminalText.escape(HTMLReport.render(report), paragraph: true)
        case .csv: CSVReport.render(report)
        case .json: try JSONOutput.render(report, userInfo: [.reportKind: report.kind]) + "\n"
        }
    }
}
