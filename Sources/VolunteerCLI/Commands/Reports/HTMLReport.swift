import VolunteerCore

/// The weekly report as one HTML file that opens and prints anywhere: no
/// script, no fonts, images or stylesheets to fetch, charts inline as SVG.
enum HTMLReport {
    static func render(_ report: WeeklyReport) -> String {
        let outline = ReportOutline(report)
        var lines = [
            "<!doctype html>",
            #"<html lang="en">"#,
            "<head>",
            #"<meta charset="utf-8">"#,
            #"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
            "<title>\(outline.title.htmlEscaped)</title>",
            "<style>",
            stylesheet,
            "</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>\(outline.title.htmlEscaped)</h1>",
            #"<p class="period">\#(outline.subtitle.htmlEscaped)</p>"#,
            "</header>",
        ]
        for section in outline.sections {
            lines.append("<section>")
            lines.append("<h2>\(section.heading.htmlEscaped)</h2>")
            lines += section.blocks.map { render($0, report) }
            lines.append("</section>")
        }
        if let footnote = outline.footnote {
            lines.append(#"<footer><p class="note">\#(footnote.htmlEscaped)</p></footer>"#)
        }
        lines += ["</body>", "</html>"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func render(_ block: ReportBlock, _ report: WeeklyReport) -> String {
        switch block {
        case .paragraph(let inlines):
            return "<p>\(inline(inlines))</p>"
        case .table(let table):
            return render(table)
        case .facts(let facts):
            let items = facts.map { "<dt>\($0.0.htmlEscaped)</dt><dd>\(inline($0.1))</dd>" }
            return (#"<dl class="facts">"# + "\n" + items.joined(separator: "\n") + "\n</dl>")
        case .chart(let chart, let caption, _):
            let svg =
                switch chart {
                case .applicationsPerWeek:
                    ReportCharts.applicationsPerWeek(
                        report.intake.lastTwelveWeeks, current: report.week, per: report.kind.rawValue)
                case .funnel: ReportCharts.funnel(report.funnel.stages, week: report.week)
                }
            return "<figure>\n\(svg)\n<figcaption>\(caption.htmlEscaped)</figcaption>\n</figure>"
        }
    }

    private static func render(_ table: ReportTable) -> String {
        let caption = table.caption.map { "<h3>\($0.htmlEscaped)</h3>\n" } ?? ""
        guard !table.rows.isEmpty else { return table.whenEmpty.map { caption + "<p>\($0.htmlEscaped)</p>" } ?? "" }
        let header = table.columns.map { column in
            #"<th scope="col"\#(column.kind == .number ? #" class="num""# : "")>\#(column.title.htmlEscaped)</th>"#
        }
        let rows = table.rows.map { cells in
            "<tr>"
                + zip(table.columns, cells).map { column, cell in
                    switch column.kind {
                    case .text: "<td>\(cell.htmlEscaped)</td>"
                    case .number: #"<td class="num">\#(cell.htmlEscaped)</td>"#
                    case .code: "<td><code>\(cell.htmlEscaped)</code></td>"
                    }
                }.joined() + "</tr>"
        }
        return caption + "<table>\n<thead><tr>\(header.joined())</tr></thead>\n<tbody>\n"
            + rows.joined(separator: "\n") + "\n</tbody>\n</table>"
    }

    private static func inline(_ inlines: [ReportInline]) -> String {
        inlines.map { part in
            switch part {
            case .text(let text): text.htmlEscaped
            case .strong(let text): "<strong>\(text.htmlEscaped)</strong>"
            case .code(let text): "<code>\(text.htmlEscaped)</code>"
            }
        }.joined()
    }

    // Meaning never rests on colour alone: numbers carry their sign, hidden
    // counts their `<3`, and the greys and blues keep apart in greyscale.
    private static let stylesheet = """
        :root { color-scheme: light; }
        body {
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          font-size: 15px; line-height: 1.45; color: #1f2328; background: #fff;
          max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
        }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #8c959f; }
        h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
        p { margin: .5rem 0; }
        .period, figcaption, .note { color: #57606a; }
        table { border-collapse: collapse; margin: .4rem 0 1rem; font-variant-numeric: tabular-nums; }
        th, td { padding: .3rem .7rem; text-align: left; vertical-align: top; border-bottom: 1px solid #d0d7de; }
        th { font-weight: 600; border-bottom: 2px solid #57606a; }
        th.num, td.num { text-align: right; white-space: nowrap; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .9em; overflow-wrap: anywhere; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: .5rem 0 1rem; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; }
        figure { margin: 1rem 0; }
        svg.chart { display: block; max-width: 100%; height: auto; }
        figcaption { font-size: .85rem; margin-top: .3rem; }
        footer { margin-top: 2rem; padding-top: .5rem; border-top: 1px solid #d0d7de; font-size: .9rem; }
        @media print {
          @page { size: A4; margin: 18mm 16mm; }
          body { font-size: 10pt; max-width: none; margin: 0; padding: 0; color: #000; }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
          section, table, figure, dl.facts, tr { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          th, td { border-color: #000; }
        }
        """
}

extension String {
    /// Safe as HTML or SVG text and inside a quoted attribute.
    var htmlEscaped: String {
        var escaped = ""
        for character in self {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
