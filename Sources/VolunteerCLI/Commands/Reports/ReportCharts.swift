import VolunteerCore

/// Inline SVG charts for the HTML report. A viewBox lets them scale with the
/// page; a `<title>` and a label on every bar carry the figures for screen
/// readers and for anyone who cannot tell the shapes apart; dark fills,
/// outlines and black text stay distinct printed in greyscale.
enum ReportCharts {
    private static let width = 640.0
    private static let ink = "#1f2328"
    private static let muted = "#57606a"
    private static let fill = "#4f6d8f"
    private static let highlight = "#1f3b5c"

    /// New applications in each week, oldest first, `current` drawn darker.
    static func applicationsPerWeek(_ weeks: [WeeklyReport.WeekCount], current: String, per noun: String = "week") -> String {
        let (height, top, baseline, side) = (230.0, 22.0, 190.0, 12.0)
        let period = weeks.first.map { "\($0.week) to \(weeks.last?.week ?? current)" } ?? current
        let title =
            "New applications per \(noun), \(period): "
            + (weeks.isEmpty ? "none" : weeks.map { "\($0.week) \(ReportValue.count($0.count))" }.joined(separator: ", "))
        guard !weeks.isEmpty else { return svg(id: "chart-applications", height: 60, title: title, body: [noData]) }
        let largest = Double(weeks.map { drawn($0.count) }.max() ?? 0)
        let slot = (width - 2 * side) / Double(weeks.count)
        let barWidth = slot * 0.62
        var body: [String] = []
        for (index, week) in weeks.enumerated() {
            let isCurrent = week.week == current
            let x = side + slot * Double(index) + (slot - barWidth) / 2
            // Room above the tallest bar for its label.
            let barHeight = largest > 0 ? (baseline - top - 18) * Double(drawn(week.count)) / largest : 0
            if barHeight > 0 {
                body.append(
                    bar(
                        x: x, y: baseline - barHeight, width: barWidth, height: barHeight,
                        hidden: week.count.isSuppressed, colour: isCurrent ? highlight : fill
                    ))
            }
            let centre = x + barWidth / 2
            body.append(text(ReportValue.count(week.count), x: centre, y: baseline - barHeight - 6, anchor: "middle", bold: isCurrent))
            body.append(
                text(
                    shortWeek(week.week), x: centre, y: baseline + 18, anchor: "middle", bold: isCurrent, colour: isCurrent ? ink : muted
                ))
        }
        body.append(
            element(
                "line",
                [
                    ("x1", number(side)), ("y1", number(baseline)), ("x2", number(width - side)), ("y2", number(baseline)),
                    ("stroke", muted), ("stroke-width", "1"),
                ]))
        return svg(id: "chart-applications", height: height, title: title, body: body)
    }

    /// One horizontal bar per stage, labelled with its count and its share of the stage before.
    static func funnel(_ stages: [WeeklyReport.FunnelStage], week: String) -> String {
        let (rowHeight, barHeight, top, labelWidth, barSpace) = (34.0, 22.0, 10.0, 130.0, 380.0)
        let title =
            "Applications reaching each stage in \(week): "
            + (stages.isEmpty
                ? "none"
                : stages.map { stage in
                    "\(ReportValue.label(stage.stage)) \(ReportValue.count(stage.reached.week))"
                        + (stage.conversion.map { " (\(ReportValue.percent($0)) of the stage before)" } ?? "")
                }.joined(separator: ", "))
        guard !stages.isEmpty else { return svg(id: "chart-funnel", height: 60, title: title, body: [noData]) }
        let largest = Double(stages.map { drawn($0.reached.week) }.max() ?? 0)
        var body: [String] = []
        for (index, stage) in stages.enumerated() {
            let y = top + rowHeight * Double(index)
            let length = largest > 0 ? barSpace * Double(drawn(stage.reached.week)) / largest : 0
            let middle = y + barHeight / 2 + 4
            body.append(text(ReportValue.label(stage.stage), x: labelWidth - 10, y: middle, anchor: "end"))
            if length > 0 {
                body.append(
                    bar(x: labelWidth, y: y, width: length, height: barHeight, hidden: stage.reached.week.isSuppressed, colour: fill))
            }
            // dx, not a leading space: SVG drops a space at the start of a tspan.
            let conversion =
                stage.conversion.map {
                    element("tspan", [("dx", "6"), ("fill", muted), ("font-weight", "normal")], "· \(ReportValue.percent($0))")
                } ?? ""
            body.append(
                element(
                    "text", [("x", number(labelWidth + length + 8)), ("y", number(middle)), ("fill", ink), ("font-weight", "bold")],
                    ReportValue.count(stage.reached.week).htmlEscaped + conversion, markup: true
                ))
        }
        let height = top * 2 + rowHeight * Double(stages.count - 1) + barHeight
        return svg(id: "chart-funnel", height: height, title: title, body: body)
    }

    /// A hidden count is drawn as an outline as long as 3, the least a shown
    /// count can be, so the bar's length gives away nothing its `<3` label doesn't.
    private static func drawn(_ tally: Tally) -> Int { tally.isSuppressed ? Tally.smallest : tally.count }

    private static func bar(x: Double, y: Double, width: Double, height: Double, hidden: Bool, colour: String) -> String {
        let paint =
            hidden
            ? [("fill", "none"), ("stroke", colour), ("stroke-width", "1.5"), ("stroke-dasharray", "4 3")]
            : [("fill", colour), ("stroke", ink), ("stroke-width", "0.5")]
        return element("rect", [("x", number(x)), ("y", number(y)), ("width", number(width)), ("height", number(height))] + paint)
    }

    private static func text(
        _ content: String, x: Double, y: Double, anchor: String, bold: Bool = false, colour: String = ink
    ) -> String {
        let weight = bold ? [("font-weight", "bold")] : []
        return element("text", [("x", number(x)), ("y", number(y)), ("text-anchor", anchor), ("fill", colour)] + weight, content)
    }

    private static var noData: String {
        text("No data.", x: 12, y: 34, anchor: "start", colour: muted)
    }

    /// No `xmlns`: SVG inside an HTML5 document needs none, and the file then holds no address at all.
    private static func svg(id: String, height: Double, title: String, body: [String]) -> String {
        let attributes = [
            ("class", "chart"), ("viewBox", "0 0 \(number(width)) \(number(height))"), ("width", number(width)),
            ("height", number(height)), ("role", "img"), ("aria-labelledby", "\(id)-title"), ("font-size", "12"),
        ]
        let content = [element("title", [("id", "\(id)-title")], title)] + body
        return element("svg", attributes, "\n" + content.joined(separator: "\n") + "\n", markup: true)
    }

    /// `<name …/>` without content; `content` escaped unless it is `markup` already.
    private static func element(_ name: String, _ attributes: [(String, String)], _ content: String? = nil, markup: Bool = false) -> String
    {
        let open = "<\(name)" + attributes.map { #" \#($0.0)="\#($0.1.htmlEscaped)""# }.joined()
        guard let content else { return open + "/>" }
        return open + ">" + (markup ? content : content.htmlEscaped) + "</\(name)>"
    }

    /// `2026-W48` → `W48`: twelve full labels do not fit under their bars.
    private static func shortWeek(_ week: String) -> String {
        week.split(separator: "-").last.map(String.init) ?? week
    }

    private static func number(_ value: Double) -> String { ReportValue.plain(value, decimals: 1) }
}
