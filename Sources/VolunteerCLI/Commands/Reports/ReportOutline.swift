import Foundation
import VolunteerCore

/// The weekly report as headings, sentences and tables, built once so that
/// Markdown and HTML say the same things and differ only in markup.
struct ReportOutline {
    var title: String
    var subtitle: String
    var sections: [ReportSection]
    var footnote: String?
}

struct ReportSection {
    var heading: String
    var blocks: [ReportBlock]
}

enum ReportBlock {
    case paragraph([ReportInline])
    case table(ReportTable)
    /// Label and value pairs.
    case facts([(String, [ReportInline])])
    /// A chart in HTML; Markdown shows `table` instead, when there is one.
    case chart(ReportChart, caption: String, table: ReportTable?)
}

enum ReportInline {
    case text(String)
    case strong(String)
    case code(String)
}

enum ReportChart {
    case applicationsPerWeek
    case funnel
}

struct ReportTable {
    enum Kind { case text, number, code }

    struct Column {
        let title: String
        let kind: Kind

        init(_ title: String, _ kind: Kind = .text) {
            self.title = title
            self.kind = kind
        }
    }

    var caption: String?
    var columns: [Column]
    var rows: [[String]]
    /// Said instead of an empty table; without it an empty table is left out.
    var whenEmpty: String?
}

extension ReportOutline {
    static let headings = [
        "1. New applications", "2. Funnel", "3. Rejections by reason", "4. Conversion by source", "5. Response times",
        "6. Waiting more than 7 days", "7. Onboarding", "8. Capacity", "9. Reveals of personal data", "10. Audit chain",
    ]

    init(_ report: WeeklyReport) {
        let days =
            report.kind == .week
            ? "Monday \(report.firstDay) to Sunday \(report.lastDay)" : "\(report.firstDay) to \(report.lastDay)"
        title = "\(ReportValue.adjective(report.kind)) report \(report.week)"
        subtitle =
            "\(days) (\(report.timeZone)), compared with \(report.previousWeek). "
            + "Generated \(ReportValue.timestamp(report.generatedAt))."
        sections = [
            Self.intake(report), Self.funnel(report), Self.rejections(report), Self.conversionBySource(report),
            Self.responseTimes(report), Self.waiting(report), Self.onboarding(report), Self.capacity(report),
            Self.reveals(report), Self.audit(report),
        ]
        footnote =
            report.smallCountsSuppressed
            ? "Counts of one or two are shown as <3; changes, conversions, medians and hours that could reveal them are left out."
            : nil
    }

    /// This week (month, quarter), the one before, and the change.
    private static func weekColumns(_ kind: ReportSpan.Kind) -> [ReportTable.Column] {
        [
            ReportTable.Column("This \(kind.rawValue)", .number), ReportTable.Column("Previous", .number),
            ReportTable.Column("Change", .number),
        ]
    }

    private static func weekCells(_ figures: WeekOnWeek) -> [String] {
        [ReportValue.count(figures.week), ReportValue.count(figures.previous), ReportValue.change(figures)]
    }

    /// `; 9 in 2026-W47 (+3).`, or just `.` when both weeks had none.
    private static func comparison(_ figures: WeekOnWeek, _ report: WeeklyReport) -> String {
        if figures.week.count == 0, figures.previous.count == 0 { return "." }
        let change = ReportValue.change(figures)
        return "; \(ReportValue.count(figures.previous)) in \(report.previousWeek)" + (change.isEmpty ? "." : " (\(change)).")
    }

    private static func intake(_ report: WeeklyReport) -> ReportSection {
        let intake = report.intake
        let total: [ReportInline] =
            intake.total.week.count == 0
            ? [.text("No applications this \(report.kind.rawValue)" + comparison(intake.total, report))]
            : [
                .strong(ReportValue.counted(intake.total.week, "new application", "new applications")),
                .text(" this \(report.kind.rawValue)" + comparison(intake.total, report)),
            ]
        let weeks = intake.lastTwelveWeeks
        let period = weeks.first.map { "\($0.week) to \(report.week)" } ?? report.week
        return ReportSection(
            heading: headings[0],
            blocks: [
                .paragraph(total),
                .table(
                    ReportTable(
                        caption: "By position",
                        columns: [.init("Position"), .init("Slug", .code)] + weekColumns(report.kind),
                        rows: intake.byPosition.map { [$0.title, $0.slug] + weekCells($0.count) }, whenEmpty: nil
                    )),
                .table(
                    ReportTable(
                        caption: "By source", columns: [.init("Source")] + weekColumns(report.kind),
                        rows: intake.bySource.map { [$0.group] + weekCells($0.count) }, whenEmpty: nil
                    )),
                .table(
                    ReportTable(
                        caption: "Open positions without applications this \(report.kind.rawValue)",
                        columns: [.init("Position"), .init("Slug", .code), .init("Applications ever", .number)],
                        rows: intake.openPositionsWithoutApplications.map { [$0.title, $0.slug, ReportValue.count($0.applicationsEver)] },
                        whenEmpty: "None."
                    )),
                .chart(
                    .applicationsPerWeek, caption: "New applications per \(report.kind.rawValue), \(period)",
                    table: ReportTable(
                        caption: "New applications per \(report.kind.rawValue), \(period)",
                        columns: [.init(ReportValue.label(report.kind.rawValue)), .init("Applications", .number)],
                        rows: weeks.map { [$0.week, ReportValue.count($0.count)] }, whenEmpty: nil
                    )),
            ])
    }

    private static func funnel(_ report: WeeklyReport) -> ReportSection {
        let funnel = report.funnel
        let stages = funnel.stages.map { stage in
            [
                ReportValue.label(stage.stage), ReportValue.count(stage.reached.week), ReportValue.count(stage.reached.previous),
                ReportValue.percent(stage.conversion), ReportValue.percent(stage.previousConversion),
                ReportValue.count(stage.lastTwelveWeeks), ReportValue.percent(stage.lastTwelveWeeksConversion),
            ]
        }
        // Leaving is not a stage: it has no share of the stage before.
        let departures = [("Rejected", funnel.rejected), ("Withdrawn", funnel.withdrawn)].map { label, figures in
            [label, ReportValue.count(figures.week), ReportValue.count(figures.previous), "", "", "", ""]
        }
        return ReportSection(
            heading: headings[1],
            blocks: [
                .paragraph([
                    .text(
                        "Applications that reached each stage in the \(report.kind.rawValue), whenever they were submitted. "
                            + "Conversion is the share of the stage before."
                    )
                ]),
                .table(
                    ReportTable(
                        caption: nil,
                        columns: [
                            .init("Stage"), .init("This \(report.kind.rawValue)", .number), .init("Previous", .number),
                            .init("Conversion", .number),
                            .init("Previous conversion", .number), .init("Last 12 \(report.kind.plural)", .number),
                            .init("12-\(report.kind.rawValue) conversion", .number),
                        ],
                        rows: stages + departures, whenEmpty: nil
                    )),
                .chart(
                    .funnel, caption: "Applications reaching each stage in \(report.week), with the share of the stage before", table: nil),
            ])
    }

    private static func rejections(_ report: WeeklyReport) -> ReportSection {
        ReportSection(
            heading: headings[2],
            blocks: [
                .paragraph([
                    .text("Applications rejected in the \(report.kind.rawValue), by the reason the coordinator gave.")
                ]),
                .table(
                    ReportTable(
                        caption: nil, columns: [.init("Reason")] + weekColumns(report.kind),
                        rows: report.rejections.byReason.map { [ReportValue.label($0.group)] + weekCells($0.count) }, whenEmpty: nil
                    )),
            ])
    }

    private static func conversionBySource(_ report: WeeklyReport) -> ReportSection {
        let conversion = report.conversionBySource
        let window = conversion.firstDay.map { "from \($0) to \(conversion.lastDay.map(\.description) ?? report.week)" } ?? ""
        return ReportSection(
            heading: headings[3],
            blocks: [
                .paragraph([
                    .text(
                        "Applications submitted in the 12 weeks \(window) by where the applicant heard of us, "
                            + "and how many of them had been accepted by the end of the \(report.kind.rawValue)."
                    )
                ]),
                .table(
                    ReportTable(
                        caption: nil,
                        columns: [
                            .init("Source"), .init("Applications", .number), .init("Accepted", .number), .init("Conversion", .number),
                        ],
                        rows: conversion.sources.map {
                            [
                                $0.source, ReportValue.count($0.applications), ReportValue.count($0.accepted),
                                ReportValue.percent($0.conversion),
                            ]
                        },
                        whenEmpty: "No applications in those 12 weeks."
                    )),
            ])
    }

    private static func responseTimes(_ report: WeeklyReport) -> ReportSection {
        let times = report.responseTimes
        let measured = [
            ("First response", report.week, times.firstResponse), ("First response", report.previousWeek, times.previousFirstResponse),
            ("Time to accept", report.week, times.toAccept), ("Time to accept", report.previousWeek, times.previousToAccept),
        ]
        return ReportSection(
            heading: headings[4],
            blocks: [
                .paragraph([
                    .text(
                        "First response: from submission to a coordinator's first action, for first actions in the \(report.kind.rawValue). "
                            + "Time to accept: from submission to acceptance, for acceptances in the \(report.kind.rawValue)."
                    )
                ]),
                .table(
                    ReportTable(
                        caption: nil,
                        columns: [
                            .init("Measure"), .init(ReportValue.label(report.kind.rawValue)), .init("Count", .number),
                            .init("Median", .number),
                            .init("90th percentile", .number),
                        ],
                        rows: measured.map { measure, week, summary in
                            [
                                measure, week, ReportValue.count(summary.count),
                                ReportValue.duration(hours: summary.medianHours), ReportValue.duration(hours: summary.p90Hours),
                            ]
                        },
                        whenEmpty: nil
                    )),
            ])
    }

    private static func waiting(_ report: WeeklyReport) -> ReportSection {
        let waiting = report.waiting
        let total: [ReportInline] =
            waiting.total.week.count == 0
            ? [
                .text(
                    "No open application had waited more than 7 days at the end of the \(report.kind.rawValue)"
                        + comparison(waiting.total, report))
            ]
            : [
                .strong(ReportValue.counted(waiting.total.week, "open application", "open applications")),
                .text(
                    " (on hold not counted) had waited more than 7 days for an action at the end of the \(report.kind.rawValue)"
                        + comparison(waiting.total, report)),
            ]
        var blocks: [ReportBlock] = [
            .paragraph(total),
            .table(
                ReportTable(
                    caption: "By assignee", columns: [.init("Assignee")] + weekColumns(report.kind),
                    rows: waiting.byAssignee.map { [ReportValue.assignee($0.assignee)] + weekCells($0.count) }, whenEmpty: nil
                )),
            .table(
                ReportTable(
                    caption: "Longest waiting",
                    columns: [.init("ID", .code), .init("Position"), .init("Status"), .init("Assignee"), .init("Days waiting", .number)],
                    rows: waiting.longest.map {
                        [$0.id, $0.position, ReportValue.label($0.status), ReportValue.assignee($0.assignee), String($0.waitingDays)]
                    },
                    whenEmpty: nil
                )),
        ]
        let unlisted = waiting.total.week.count - waiting.longest.count
        if unlisted > 0 {
            // A hidden total would show through "and 1 more".
            let more = waiting.total.week.isSuppressed ? "More are" : unlisted == 1 ? "1 more is" : "\(unlisted) more are"
            blocks.append(
                .paragraph([
                    .text("\(more) waiting; "), .code("vtrack applications list --waiting-longer-than 7d"), .text(" lists them all."),
                ]))
        }
        return ReportSection(heading: headings[5], blocks: blocks)
    }

    private static func onboarding(_ report: WeeklyReport) -> ReportSection {
        let onboarding = report.onboarding
        let measures = [
            ("Started (accepted)", onboarding.started), ("Completed (became active)", onboarding.completed),
            ("Overdue tasks at the \(report.kind.rawValue)'s end", onboarding.overdueTasks),
        ]
        return ReportSection(
            heading: headings[6],
            blocks: [
                .table(
                    ReportTable(
                        caption: nil, columns: [.init("Measure")] + weekColumns(report.kind),
                        rows: measures.map { [$0.0] + weekCells($0.1) }, whenEmpty: nil
                    )),
                .table(
                    ReportTable(
                        caption: "Overdue tasks by assignee", columns: [.init("Assignee")] + weekColumns(report.kind),
                        rows: onboarding.overdueByAssignee.map { [ReportValue.taskAssignee($0.assignee)] + weekCells($0.count) },
                        whenEmpty: nil
                    )),
            ])
    }

    private static func capacity(_ report: WeeklyReport) -> ReportSection {
        let capacity = report.capacity
        let after = report.kind == .week ? "the week after this report's" : "the first whole week after this \(report.kind.rawValue)"
        var summary: [ReportInline] =
            capacity.people.count == 0
            ? [.text("No active or onboarding volunteer has hours available in \(capacity.week), \(after).")]
            : [
                .text("Active and onboarding volunteers with hours in \(capacity.week), \(after): "),
                .strong(ReportValue.counted(capacity.people, "person", "people")),
            ]
        if capacity.people.count > 0 {
            summary += capacity.hours.map { [.text(", "), .strong(ReportValue.hours($0)), .text(" in all.")] } ?? [.text(".")]
            summary.append(.text(" Someone with two skills counts under both."))
        }
        return ReportSection(
            heading: "\(headings[7]) for \(capacity.week)",
            blocks: [
                .paragraph(summary),
                .table(
                    ReportTable(
                        caption: "By skill", columns: [.init("Skill"), .init("People", .number), .init("Hours", .number)],
                        rows: capacity.bySkill.map { [$0.skill, ReportValue.count($0.people), ReportValue.hours($0.hours)] },
                        whenEmpty: nil
                    )),
            ])
    }

    private static func reveals(_ report: WeeklyReport) -> ReportSection {
        let (reveals, noun) = (report.reveals, report.kind.rawValue)
        return ReportSection(
            heading: headings[8],
            blocks: [
                .paragraph([
                    .text(
                        "Each applicant whose personal data a coordinator opened counts once per opening; "
                            + "the database logs it before the data leaves. Compare each coordinator with the \(noun) before: "
                            + "a bulk read stands out. Total this \(noun): "
                    ), .strong(reveals.total.week.description), .text("."),
                ]),
                .table(
                    ReportTable(
                        caption: "By coordinator",
                        columns: [
                            .init("Coordinator"), .init("Personal data", .number), .init("Previous", .number),
                            .init("Notes", .number), .init("Previous", .number),
                        ],
                        rows: reveals.byCoordinator.map {
                            [
                                $0.coordinator, ReportValue.count($0.personalData.week), ReportValue.count($0.personalData.previous),
                                ReportValue.count($0.notes.week), ReportValue.count($0.notes.previous),
                            ]
                        },
                        whenEmpty: "No coordinator opened anyone's personal data or notes in either \(noun)."
                    )),
            ])
    }

    private static func audit(_ report: WeeklyReport) -> ReportSection {
        let (audit, noun) = (report.audit, report.kind.rawValue)
        let verified: [ReportInline] =
            audit.verified
            ? [.text("yes")]
            : [.strong("NO")] + (audit.problem.map { [.text(" — \($0)")] } ?? [])
        var facts: [(String, [ReportInline])] = [
            ("Verified", verified),
            (
                "Verified from",
                [.text(audit.verifiedFrom == "start" ? "the start of the log" : "the head published in the \(audit.verifiedFrom) report")]
            ),
            (
                "Verified to",
                [
                    .text(
                        audit.throughWeekEnd
                            ? "the last event before the \(noun)'s end"
                            : "the head of the chain (the \(noun)'s last event is not sealed yet)")
                ]
            ),
            ("Events verified", [.text(String(audit.verifiedEvents))]),
            ("Unsealed events", [.text("\(audit.unsealedEvents) (committed, not linked into the chain yet)")]),
        ]
        var blocks: [ReportBlock] = []
        if let head = audit.head {
            facts += [
                ("Head", [.text("position \(head.position), sequence \(head.sequence)")]),
                ("Head hash", [.code(head.hash)]),
            ]
            blocks = [
                .facts(facts),
                .paragraph([
                    .text(
                        "Keep this head hash outside the database, for example by filing this report: "
                            + "a chain rewritten from the start still verifies, but no longer ends in the hash you kept."
                    )
                ]),
            ]
        } else {
            facts.append(("Head", [.text("none: nothing has been sealed yet")]))
            blocks = [.facts(facts)]
        }
        return ReportSection(heading: headings[9], blocks: blocks)
    }
}
