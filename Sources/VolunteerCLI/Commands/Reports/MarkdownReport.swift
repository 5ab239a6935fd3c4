import VolunteerCore

/// The weekly report as GitHub-flavoured Markdown: readable as plain text,
/// and the same when pasted into an issue or a wiki page.
enum MarkdownReport {
    static func render(_ report: WeeklyReport) -> String {
        let outline = ReportOutline(report)
        var blocks = ["# \(escaped(outline.title))", escaped(outline.subtitle)]
        for section in outline.sections {
            blocks.append("## \(escaped(section.heading))")
            blocks += section.blocks.compactMap(render)
        }
        if let footnote = outline.footnote {
            blocks += ["---", "*\(escaped(footnote))*"]
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private static func render(_ block: ReportBlock) -> String? {
        switch block {
        case .paragraph(let inlines): inline(inlines)
        case .table(let table): render(table)
        case .facts(let facts): facts.map { "- **\(escaped($0.0)):** \(inline($0.1))" }.joined(separator: "\n")
        case .chart(_, _, let table): table.flatMap(render)
        }
    }

    private static func render(_ table: ReportTable) -> String? {
        let caption = table.caption.map { "### \(escaped($0))\n\n" } ?? ""
        guard !table.rows.isEmpty else { return table.whenEmpty.map { caption + escaped($0) } }
        let header = "| " + table.columns.map { escaped($0.title) }.joined(separator: " | ") + " |"
        let rule = "| " + table.columns.map { $0.kind == .number ? "---:" : "---" }.joined(separator: " | ") + " |"
        let rows = table.rows.map { cells in
            "| "
                + zip(table.columns, cells).map { column, cell in
                    column.kind == .code ? code(cell) : escaped(cell)
                }.joined(separator: " | ") + " |"
        }
        return caption + ([header, rule] + rows).joined(separator: "\n")
    }

    private static func inline(_ inlines: [ReportInline]) -> String {
        inlines.map { part in
            switch part {
            case .text(let text): escaped(text)
            case .strong(let text): "**\(escaped(text))**"
            case .code(let text): code(text)
            }
        }.joined()
    }

    /// Text that Markdown shows as it is, on one line and inside a table cell.
    /// Underscores stay: inside words, as in slugs and states, they emphasise nothing.
    static func escaped(_ text: String) -> String {
        var result = ""
        var characters = text.makeIterator()
        var next = characters.next()
        while let character = next {
            next = characters.next()
            switch character {
            case "\\", "|", "`", "*", "[", "]": result += "\\\(character)"
            // Only `<` before a letter, `/`, `!` or `?` opens a tag or an autolink: `<3` stays readable.
            case "<" where next.map { $0.isLetter || "/!?".contains($0) } ?? false: result += "\\<"
            case "\n", "\r\n", "\r": result += " "
            default: result.append(character)
            }
        }
        return result
    }

    /// A code span; a pipe in it would still end a table cell.
    private static func code(_ text: String) -> String {
        let body = text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        return body.contains("`") ? "`` \(body) ``" : "`\(body)`"
    }
}
