import Foundation
import Testing
import VolunteerCore

@testable import VolunteerCLI

@Suite struct ReportRenderingTests {
    static let headHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    static let trickyTitle = #"Night <b>&"</b> shift"#

    /// A busy week: every section has rows, and some counts are one or two.
    static func week48() -> WeeklyReport {
        let stages = [
            WeeklyReport.FunnelStage(stage: "submitted", reached: WeekOnWeek(week: 12, previous: 9), lastTwelveWeeks: 80),
            WeeklyReport.FunnelStage(stage: "screening", reached: WeekOnWeek(week: 8, previous: 6), lastTwelveWeeks: 50),
            WeeklyReport.FunnelStage(stage: "interview", reached: WeekOnWeek(week: 5, previous: 4), lastTwelveWeeks: 30),
            WeeklyReport.FunnelStage(stage: "offered", reached: WeekOnWeek(week: 2, previous: 3), lastTwelveWeeks: 14),
            WeeklyReport.FunnelStage(stage: "accepted", reached: WeekOnWeek(week: 1, previous: 2), lastTwelveWeeks: 10),
        ]
        let weeklyCounts = [5, 7, 0, 4, 6, 8, 2, 10, 11, 6, 9, 12]
        return WeeklyReport(
            week: "2026-W48", timeZone: "Europe/Kyiv", firstDay: day("2026-11-23"), lastDay: day("2026-11-29"),
            previousWeek: "2026-W47", generatedAt: Date(timeIntervalSince1970: 1_796_022_000),
            intake: WeeklyReport.Intake(
                total: WeekOnWeek(week: 12, previous: 9),
                byPosition: [
                    .init(slug: "translator-uk", title: "Translator (Ukrainian)", count: WeekOnWeek(week: 7, previous: 4)),
                    .init(slug: "night-shift", title: trickyTitle, count: WeekOnWeek(week: 2, previous: 3)),
                    .init(slug: "driver", title: "Driver", count: WeekOnWeek(week: 2, previous: 2)),
                    .init(slug: "editor", title: "Editor", count: WeekOnWeek(week: 1, previous: 0)),
                ],
                bySource: [
                    .init(group: "website", count: WeekOnWeek(week: 8, previous: 6)),
                    .init(group: "poster | library", count: WeekOnWeek(week: 2, previous: 0)),
                    .init(group: "none", count: WeekOnWeek(week: 2, previous: 3)),
                ],
                openPositionsWithoutApplications: [.init(slug: "legal-advisor", title: "Legal advisor", applicationsEver: 5)],
                lastTwelveWeeks: weeklyCounts.enumerated().map { .init(week: "2026-W\(37 + $0.offset)", count: $0.element) }
            ),
            funnel: WeeklyReport.Funnel(
                stages: WeeklyReport.Funnel.withConversions(stages),
                rejected: WeekOnWeek(week: 3, previous: 4), withdrawn: WeekOnWeek(week: 1, previous: 0)
            ),
            responseTimes: WeeklyReport.ResponseTimes(
                firstResponse: .init(count: 10, medianHours: 31.5, p90Hours: 70),
                previousFirstResponse: .init(count: 8, medianHours: 40.25, p90Hours: 96),
                toAccept: .init(count: 1, medianHours: 200, p90Hours: 200),
                previousToAccept: .init(count: 2, medianHours: 300, p90Hours: 310)
            ),
            waiting: WeeklyReport.Waiting(
                total: WeekOnWeek(week: 5, previous: 3),
                byAssignee: [
                    .init(assignee: "alice", count: WeekOnWeek(week: 3, previous: 1)),
                    .init(assignee: nil, count: WeekOnWeek(week: 2, previous: 2)),
                ],
                longest: [
                    .init(id: "3f2a9c1e", position: "translator-uk", status: "screening", assignee: "alice", waitingDays: 19),
                    .init(id: "7b1d0e42", position: "night-shift", status: "interview", assignee: nil, waitingDays: 12),
                    .init(id: "a0c4e5f6", position: "editor", status: "submitted", assignee: "alice", waitingDays: 9),
                    .init(id: "c9d8e7f6", position: "driver", status: "offered", assignee: "alice", waitingDays: 8),
                ]
            ),
            onboarding: WeeklyReport.Onboarding(
                started: WeekOnWeek(week: 1, previous: 2), completed: WeekOnWeek(week: 0, previous: 1),
                overdueTasks: WeekOnWeek(week: 4, previous: 6),
                overdueByAssignee: [
                    .init(assignee: nil, count: WeekOnWeek(week: 3, previous: 4)),
                    .init(assignee: "bohdan", count: WeekOnWeek(week: 1, previous: 2)),
                ]
            ),
            capacity: WeeklyReport.Capacity(
                week: "2026-W49", people: 40, hours: 312.5,
                bySkill: [
                    .init(skill: "translation", people: 12, hours: 96),
                    .init(skill: "first-aid", people: 5, hours: 20),
                    .init(skill: "driving", people: 2, hours: 11.5),
                ]
            ),
            reveals: WeeklyReport.Reveals(
                total: WeekOnWeek(week: 214, previous: 9),
                byCoordinator: [
                    .init(coordinator: "bohdan", personalData: WeekOnWeek(week: 200, previous: 4), notes: WeekOnWeek(week: 0, previous: 1)),
                    .init(coordinator: "alice", personalData: WeekOnWeek(week: 14, previous: 5), notes: WeekOnWeek(week: 2, previous: 3)),
                ]
            ),
            audit: WeeklyReport.Audit(
                verified: true, problem: nil, verifiedFrom: "2026-W47", throughWeekEnd: true, verifiedEvents: 1234, unsealedEvents: 3,
                head: .init(position: 5678, sequence: 5690, hash: headHash)
            )
        )
    }

    /// A new organisation's first week: nothing happened, nothing is sealed.
    static func quietWeek() -> WeeklyReport {
        let stages = ["submitted", "screening", "interview", "offered", "accepted"].map {
            WeeklyReport.FunnelStage(stage: $0, reached: WeekOnWeek(week: 0, previous: 0), lastTwelveWeeks: 0)
        }
        return WeeklyReport(
            week: "2026-W48", timeZone: "UTC", firstDay: day("2026-11-23"), lastDay: day("2026-11-29"),
            previousWeek: "2026-W47", generatedAt: Date(timeIntervalSince1970: 1_796_022_000),
            intake: .init(
                total: WeekOnWeek(week: 0, previous: 0), byPosition: [], bySource: [], openPositionsWithoutApplications: [],
                lastTwelveWeeks: (37...48).map { .init(week: "2026-W\($0)", count: 0) }
            ),
            funnel: .init(
                stages: WeeklyReport.Funnel.withConversions(stages), rejected: .init(week: 0, previous: 0),
                withdrawn: .init(week: 0, previous: 0)),
            responseTimes: .init(
                firstResponse: .init(count: 0, medianHours: nil, p90Hours: nil),
                previousFirstResponse: .init(count: 0, medianHours: nil, p90Hours: nil),
                toAccept: .init(count: 0, medianHours: nil, p90Hours: nil),
                previousToAccept: .init(count: 0, medianHours: nil, p90Hours: nil)
            ),
            waiting: .init(total: .init(week: 0, previous: 0), byAssignee: [], longest: []),
            onboarding: .init(
                started: .init(week: 0, previous: 0), completed: .init(week: 0, previous: 0), overdueTasks: .init(week: 0, previous: 0),
                overdueByAssignee: []),
            capacity: .init(week: "2026-W49", people: 0, hours: 0, bySkill: []),
            reveals: .init(total: .init(week: 0, previous: 0), byCoordinator: []),
            audit: .init(
                verified: true, problem: nil, verifiedFrom: "start", throughWeekEnd: false, verifiedEvents: 0, unsealedEvents: 0, head: nil)
        )
    }

    static func day(_ text: String) -> LocalDate {
        guard let day = LocalDate(text) else { preconditionFailure("not a date: \(text)") }
        return day
    }

    // MARK: Markdown

    @Test func markdownHasEverySectionInOrderWithItsFigures() {
        let markdown = MarkdownReport.render(Self.week48())
        #expect(
            markdown.hasPrefix("# Weekly report 2026-W48\n\nMonday 2026-11-23 to Sunday 2026-11-29 (Europe/Kyiv), compared with 2026-W47."))
        #expect(markdown.contains("Generated 2026-11-30T07:00:00Z."))
        let headings = [
            "## 1. New applications", "## 2. Funnel", "## 3. Rejections by reason", "## 4. Conversion by source",
            "## 5. Response times", "## 6. Waiting more than 7 days", "## 7. Onboarding", "## 8. Capacity for 2026-W49",
            "## 9. Reveals of personal data", "## 10. Audit chain",
        ]
        let positions = headings.compactMap { markdown.range(of: "\n\($0)\n")?.lowerBound }
        #expect(positions.count == headings.count)
        #expect(positions == positions.sorted())

        for line in [
            "**12 new applications** this week; 9 in 2026-W47 (+3).",
            "| Translator (Ukrainian) | `translator-uk` | 7 | 4 | +3 |",
            "| Driver | `driver` | 2 | 2 | ±0 |",
            "| none | 2 | 3 | −1 |",
            "| Legal advisor | `legal-advisor` | 5 |",
            "| 2026-W43 | 2 |",
            "| Submitted | 12 | 9 | — | — | 80 | — |",
            "| Screening | 8 | 6 | 66.7% | 66.7% | 50 | 62.5% |",
            "| Accepted | 1 | 2 | 50.0% | 66.7% | 10 | 71.4% |",
            "| Rejected | 3 | 4 |  |  |  |  |",
            "| First response | 2026-W48 | 10 | 31.5 h | 2.9 days |",
            "| First response | 2026-W47 | 8 | 40.2 h | 4.0 days |",
            "**5 open applications** (on hold not counted) had waited more than 7 days",
            "| alice | 3 | 1 | +2 |",
            "| (unassigned) | 2 | 2 | ±0 |",
            "| `7b1d0e42` | night-shift | Interview | (unassigned) | 12 |",
            "1 more is waiting; `vtrack applications list --waiting-longer-than 7d` lists them all.",
            "| Overdue tasks at the week's end | 4 | 6 | −2 |",
            "| (volunteer) | 3 | 4 | −1 |",
            "**40 people**, **312.5 h** in all.",
            "| translation | 12 | 96 h |",
            "| driving | 2 | 11.5 h |",
            "- **Verified:** yes",
            "- **Verified from:** the head published in the 2026-W47 report",
            "- **Events verified:** 1234",
            "- **Head:** position 5678, sequence 5690",
            "- **Head hash:** `\(Self.headHash)`",
            "Keep this head hash outside the database",
        ] {
            #expect(markdown.contains(line), "\(line)")
        }
        #expect(!markdown.contains("<3"), "nothing is hidden unless asked")
    }

    @Test func markdownEscapesWhatWouldBreakATableOrBecomeMarkup() {
        let markdown = MarkdownReport.render(Self.week48())
        #expect(markdown.contains("| poster \\| library | 2 | 0 | +2 |"))
        #expect(markdown.contains(#"| Night \<b>&"\</b> shift | `night-shift` |"#))
        #expect(MarkdownReport.escaped("a*b*[c](d) `e` <3") == "a\\*b\\*\\[c\\](d) \\`e\\` <3")
    }

    @Test func aBrokenChainSaysNoAndWhy() {
        var report = Self.week48()
        report.audit.verified = false
        report.audit.problem = "event 812: hash mismatch"
        #expect(MarkdownReport.render(report).contains("- **Verified:** **NO** — event 812: hash mismatch"))
        #expect(HTMLReport.render(report).contains("<dd><strong>NO</strong> — event 812: hash mismatch</dd>"))
        #expect(
            CSVReport.render(report).contains(
                Self.quoted("audit,chain,verified,false,") + "\r\n" + Self.quoted("audit,chain,problem,event 812: hash mismatch,") + "\r\n")
        )
    }

    // MARK: Small counts

    @Test func suppressionShowsOneAndTwoAsLessThanThreeEverywhere() {
        let report = Self.week48().suppressingSmallCounts()
        let markdown = MarkdownReport.render(report)
        for line in [
            "| Editor | `editor` | <3 | 0 |  |",
            "| Driver | `driver` | <3 | <3 |  |",
            "| Offered | <3 | 3 | — | 75.0% | 14 | 46.7% |",
            "| Accepted | <3 | <3 | — | — | 10 | 71.4% |",
            "| Withdrawn | <3 | 0 |  |  |  |  |",
            "| Time to accept | 2026-W48 | <3 | — | — |",
            "| (unassigned) | <3 | <3 |  |",
            "| Completed (became active) | 0 | <3 |  |",
            "| driving | <3 | — |",
            "| 2026-W43 | <3 |",
            "| 2026-W39 | 0 |",
            "*Counts of one or two are shown as <3;",
        ] {
            #expect(markdown.contains(line), "\(line)")
        }
        // The conversions next to a hidden count would give it away.
        for conversion in ["40.0%", "50.0%"] {
            #expect(MarkdownReport.render(Self.week48()).contains(conversion))
            #expect(!markdown.contains(conversion))
        }

        let html = HTMLReport.render(report)
        #expect(
            html.contains(
                #"<td>Editor</td><td><code>editor</code></td><td class="num">&lt;3</td><td class="num">0</td><td class="num"></td>"#))
        #expect(html.contains(#"<td>Completed (became active)</td><td class="num">0</td><td class="num">&lt;3</td>"#))
        #expect(html.contains("Offered &lt;3, Accepted &lt;3"), "the funnel chart's title")
        #expect(html.contains(#"stroke-dasharray="4 3""#), "a hidden count's bar is an outline")
        #expect(html.contains("Counts of one or two are shown as &lt;3"))
        for conversion in ["40.0%", "50.0%"] { #expect(!html.contains(conversion)) }

        let csv = CSVReport.render(report)
        for row in [
            "intake,editor,applications,<3,0", "funnel,accepted,reached,<3,<3", "funnel,accepted,conversion,,",
            "funnel,offered,conversion,,0.75", "onboarding,(all),completed,0,<3", "response_times,to_accept,median_hours,,",
            "capacity_by_skill,driving,hours,,", "report,(all),small_counts_suppressed,true,",
        ] {
            #expect(csv.contains("\r\n\(Self.quoted(row))\r\n"), "\(row)")
        }
    }

    @Test func aHiddenWaitingTotalDoesNotShowThroughTheCountOfTheRest() {
        var report = Self.week48()
        report.waiting.total = WeekOnWeek(week: 2, previous: 0)
        report.waiting.longest = Array(report.waiting.longest.prefix(1))
        #expect(MarkdownReport.render(report).contains("1 more is waiting"))
        let hidden = MarkdownReport.render(report.suppressingSmallCounts())
        #expect(hidden.contains("More are waiting; `vtrack applications list --waiting-longer-than 7d` lists them all."))
        #expect(!hidden.contains("1 more"))
    }

    // MARK: HTML

    @Test func htmlIsOneSelfContainedPrintableFile() {
        let html = HTMLReport.render(Self.week48())
        #expect(html.hasPrefix("<!doctype html>\n"))
        #expect(html.contains(#"<meta charset="utf-8">"#))
        #expect(html.contains("<style>") && html.contains("@media print") && html.contains("@page"))
        #expect(html.contains("break-inside: avoid"))
        let lowercased = html.lowercased()
        for forbidden in ["<script", "javascript:", "http://", "https://", "<link", "<img", "@import", "url(", "@font-face", "xmlns"] {
            #expect(!lowercased.contains(forbidden), "\(forbidden)")
        }
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(html.components(separatedBy: "</svg>").count - 1 == 2)
        #expect(html.contains(#"<title id="chart-applications-title">New applications per week, 2026-W37 to 2026-W48: 2026-W37 5,"#))
        #expect(
            html.contains(
                #"<title id="chart-funnel-title">Applications reaching each stage in 2026-W48: Submitted 12, Screening 8 (66.7% of the stage before)"#
            ))
        #expect(html.contains("viewBox=\"0 0 640 "))
        for heading in ReportOutline.headings.dropLast(3) + ["9. Reveals of personal data", "10. Audit chain"] {
            #expect(html.contains("<h2>\(heading)</h2>"), "\(heading)")
        }
        #expect(html.contains("<h2>8. Capacity for 2026-W49</h2>"))
        #expect(html.hasSuffix("</body>\n</html>\n"))
    }

    @Test func htmlEscapesEverythingFromTheModel() {
        let html = HTMLReport.render(Self.week48())
        #expect(html.contains("<td>Night &lt;b&gt;&amp;&quot;&lt;/b&gt; shift</td>"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("<td>poster | library</td>"))
        #expect(#"<a href="x" onclick='y'>&"#.htmlEscaped == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;")
    }

    @Test func htmlShowsTheFiguresAndTheFullHeadHash() {
        let html = HTMLReport.render(Self.week48())
        #expect(
            html.contains(
                #"<td>Translator (Ukrainian)</td><td><code>translator-uk</code></td><td class="num">7</td><td class="num">4</td><td class="num">+3</td>"#
            ))
        #expect(html.contains("<strong>12 new applications</strong> this week; 9 in 2026-W47 (+3)."))
        #expect(html.contains("<dt>Head hash</dt><dd><code>\(Self.headHash)</code></dd>"))
        #expect(html.contains("<code>vtrack applications list --waiting-longer-than 7d</code>"))
        #expect(!html.contains("&lt;3"))
    }

    // MARK: CSV

    @Test func csvIsOneLongTableWithCRLFLineEnds() {
        let csv = CSVReport.render(Self.week48())
        #expect(csv.hasPrefix(Self.quoted("section,group,metric,week,previous") + "\r\n"))
        #expect(csv.hasSuffix("\r\n"))
        let lines = csv.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { !$0.contains("\n") && !$0.contains("\r") })
        #expect(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 5 }, "no cell holds a comma")
        #expect(lines.allSatisfy { $0.hasPrefix("\"") && $0.hasSuffix("\"") }, "every cell is quoted")
        for row in [
            "report,(all),week,2026-W48,2026-W47", "report,(all),generated_at,2026-11-30T07:00:00Z,",
            "intake,(all),applications,12,9", "intake,translator-uk,applications,7,4", "intake_source,poster | library,applications,2,0",
            "intake_open_without_applications,legal-advisor,applications_ever,5,", "intake_per_week,2026-W48,applications,12,",
            "funnel,screening,reached,8,6", "funnel,screening,conversion,0.667,0.667", "funnel,screening,conversion_12_weeks,0.625,",
            "funnel,submitted,conversion,,", "funnel,rejected,reached,3,4",
            "response_times,first_response,median_hours,31.5,40.25", "response_times,first_response,p90_hours,70,96",
            "waiting,(all),applications,5,3", "waiting_by_assignee,(unassigned),applications,2,2",
            "waiting_longest,3f2a9c1e,waiting_days,19,", "waiting_longest,7b1d0e42,assignee,(unassigned),",
            "onboarding,(all),overdue_tasks,4,6", "onboarding_overdue_by_assignee,(volunteer),overdue_tasks,3,4",
            "capacity,(all),capacity_week,2026-W49,", "capacity,(all),hours,312.5,", "capacity_by_skill,driving,people,2,",
            "audit,chain,verified,true,", "audit,head,hash,\(Self.headHash),",
        ] {
            #expect(lines.contains(Self.quoted(row)), "\(row)")
        }
    }

    /// A row written unquoted for reading, as CSV quotes it.
    static func quoted(_ row: String) -> String {
        row.split(separator: ",", omittingEmptySubsequences: false).map { "\"\($0)\"" }.joined(separator: ",")
    }

    // MARK: An empty week

    @Test func aQuietWeekRendersAndSaysSo() {
        for report in [Self.quietWeek(), Self.quietWeek().suppressingSmallCounts()] {
            let markdown = MarkdownReport.render(report)
            #expect(markdown.contains("No applications this week."))
            #expect(markdown.contains("No open application had waited more than 7 days at the end of the week."))
            #expect(markdown.contains("No active or onboarding volunteer has hours available in 2026-W49"))
            #expect(markdown.contains("- **Head:** none: nothing has been sealed yet"))
            #expect(markdown.contains("| Screening | 0 | 0 | — | — | 0 | — |"))
            #expect(!markdown.contains("### By position"))
            #expect(!markdown.contains("| <3"))

            let html = HTMLReport.render(report)
            #expect(html.contains("No applications this week."))
            #expect(html.components(separatedBy: "<svg").count - 1 == 2)
            #expect(CSVReport.render(report).contains(Self.quoted("intake,(all),applications,0,0") + "\r\n"))
            #expect(CSVReport.render(report).contains(Self.quoted("audit,head,hash,,") + "\r\n"))
        }
    }

    @Test func aReportWithoutWeeksOrStagesStillRenders() {
        var report = Self.quietWeek()
        report.intake.lastTwelveWeeks = []
        report.funnel.stages = []
        let html = HTMLReport.render(report)
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(html.contains("No data."))
        #expect(MarkdownReport.render(report).contains("## 2. Funnel"))
    }
}
