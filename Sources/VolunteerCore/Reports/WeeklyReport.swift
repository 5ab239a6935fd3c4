import Foundation

/// One ISO week, month or quarter of recruitment, onboarding and capacity,
/// compared with the one before, plus the audit chain's head. Ids, states,
/// coordinators' names, positions and counts only: never anything about a
/// person. Named for the week, its first kind; a month's or quarter's JSON
/// names its keys for its kind (see WeeklyReport+Encoding).
public struct WeeklyReport: Sendable, Equatable, Encodable {
    public var kind: ReportSpan.Kind
    /// The period: `2026-W48`, `2026-11` or `2026-Q4`.
    public var week: String
    /// The organisation's time zone, in which the week runs Monday to Monday.
    public var timeZone: String
    /// The week's first and last day there.
    public var firstDay: LocalDate
    public var lastDay: LocalDate
    public var previousWeek: String
    public var generatedAt: Date
    public var smallCountsSuppressed = false

    public var intake: Intake
    public var funnel: Funnel
    public var rejections: Rejections
    public var conversionBySource: ConversionBySource
    public var responseTimes: ResponseTimes
    public var waiting: Waiting
    public var onboarding: Onboarding
    public var capacity: Capacity
    public var reveals: Reveals
    public var audit: Audit

    public init(
        week: String, timeZone: String, firstDay: LocalDate, lastDay: LocalDate, previousWeek: String, generatedAt: Date,
        intake: Intake, funnel: Funnel, responseTimes: ResponseTimes, waiting: Waiting, onboarding: Onboarding,
        capacity: Capacity, reveals: Reveals, audit: Audit, kind: ReportSpan.Kind = .week,
        rejections: Rejections = Rejections(byReason: []),
        conversionBySource: ConversionBySource = ConversionBySource(firstDay: nil, lastDay: nil, sources: [])
    ) {
        self.kind = kind
        self.rejections = rejections
        self.conversionBySource = conversionBySource
        self.week = week
        self.timeZone = timeZone
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.previousWeek = previousWeek
        self.generatedAt = generatedAt
        self.intake = intake
        self.funnel = funnel
        self.responseTimes = responseTimes
        self.waiting = waiting
        self.onboarding = onboarding
        self.capacity = capacity
        self.reveals = reveals
        self.audit = audit
    }
}

/// A count this week and the week before.
public struct WeekOnWeek: Sendable, Equatable, Encodable {
    public var week: Tally
    public var previous: Tally

    public init(week: Int, previous: Int) {
        self.week = Tally(week)
        self.previous = Tally(previous)
    }

    public init(week: Tally, previous: Tally) {
        self.week = week
        self.previous = previous
    }

    /// This week less the week before, unless either is hidden.
    public var change: Int? {
        week.isSuppressed || previous.isSuppressed ? nil : week.count - previous.count
    }
}

extension WeeklyReport {
    public struct Intake: Sendable, Equatable, Encodable {
        public var total: WeekOnWeek
        /// Every position with an application in either week, most this week first.
        public var byPosition: [PositionCount]
        /// Every source given in either week (`none` when the form left it out).
        public var bySource: [GroupCount]
        /// Open positions that had no application this week.
        public var openPositionsWithoutApplications: [PositionSummary]
        /// New applications in each of the 12 weeks ending with this one, oldest first.
        public var lastTwelveWeeks: [WeekCount]

        public init(
            total: WeekOnWeek, byPosition: [PositionCount], bySource: [GroupCount],
            openPositionsWithoutApplications: [PositionSummary], lastTwelveWeeks: [WeekCount]
        ) {
            self.total = total
            self.byPosition = byPosition
            self.bySource = bySource
            self.openPositionsWithoutApplications = openPositionsWithoutApplications
            self.lastTwelveWeeks = lastTwelveWeeks
        }
    }

    public struct PositionCount: Sendable, Equatable, Encodable {
        public var slug: String
        public var title: String
        public var count: WeekOnWeek

        public init(slug: String, title: String, count: WeekOnWeek) {
            self.slug = slug
            self.title = title
            self.count = count
        }
    }

    public struct PositionSummary: Sendable, Equatable, Encodable {
        public var slug: String
        public var title: String
        /// Applications since it was created, all weeks.
        public var applicationsEver: Tally

        public init(slug: String, title: String, applicationsEver: Int) {
            self.slug = slug
            self.title = title
            self.applicationsEver = Tally(applicationsEver)
        }
    }

    public struct GroupCount: Sendable, Equatable, Encodable {
        public var group: String
        public var count: WeekOnWeek

        public init(group: String, count: WeekOnWeek) {
            self.group = group
            self.count = count
        }
    }

    public struct WeekCount: Sendable, Equatable, Encodable {
        public var week: String
        public var count: Tally

        public init(week: String, count: Int) {
            self.week = week
            self.count = Tally(count)
        }
    }

    /// How many applications reached each stage in the period (whenever they
    /// were submitted), and what share of the stage before that is.
    public struct Funnel: Sendable, Equatable, Encodable {
        public var stages: [FunnelStage]
        /// Applications that left the pipeline: rejected or withdrawn.
        public var rejected: WeekOnWeek
        public var withdrawn: WeekOnWeek

        public init(stages: [FunnelStage], rejected: WeekOnWeek, withdrawn: WeekOnWeek) {
            self.stages = stages
            self.rejected = rejected
            self.withdrawn = withdrawn
        }
    }

    public struct FunnelStage: Sendable, Equatable, Encodable {
        /// submitted, screening, interview, offered, accepted.
        public var stage: String
        public var reached: WeekOnWeek
        public var lastTwelveWeeks: Tally
        /// Reached ÷ the stage before, this week and over 12 weeks; none for the first stage or a zero or hidden count.
        public var conversion: Double?
        public var previousConversion: Double?
        public var lastTwelveWeeksConversion: Double?

        public init(stage: String, reached: WeekOnWeek, lastTwelveWeeks: Tally) {
            self.stage = stage
            self.reached = reached
            self.lastTwelveWeeks = lastTwelveWeeks
        }
    }

    /// Applications rejected in the period and the one before, by the
    /// reason the coordinator gave: every reason, in the pipeline's order.
    public struct Rejections: Sendable, Equatable, Encodable {
        public var byReason: [GroupCount]

        public init(byReason: [GroupCount]) {
            self.byReason = byReason
        }
    }

    /// Applications submitted in the 12 weeks up to the period's end, by
    /// source, and how many of them had been accepted by then.
    public struct ConversionBySource: Sendable, Equatable, Encodable {
        public var firstDay: LocalDate?
        public var lastDay: LocalDate?
        public var sources: [SourceConversion]

        public init(firstDay: LocalDate?, lastDay: LocalDate?, sources: [SourceConversion]) {
            self.firstDay = firstDay
            self.lastDay = lastDay
            self.sources = sources
        }
    }

    public struct SourceConversion: Sendable, Equatable, Encodable {
        /// `none` when the form left it out.
        public var source: String
        public var applications: Tally
        public var accepted: Tally
        /// Accepted ÷ applications; none for a zero or hidden count.
        public var conversion: Double?

        public init(source: String, applications: Int, accepted: Int) {
            self.source = source
            self.applications = Tally(applications)
            self.accepted = Tally(accepted)
            conversion = Funnel.share(self.accepted, of: self.applications)
        }
    }

    public struct ResponseTimes: Sendable, Equatable, Encodable {
        /// Submitted → first action by a coordinator, for first actions this week.
        public var firstResponse: DurationSummary
        public var previousFirstResponse: DurationSummary
        /// Submitted → accepted, for acceptances this week.
        public var toAccept: DurationSummary
        public var previousToAccept: DurationSummary

        public init(
            firstResponse: DurationSummary, previousFirstResponse: DurationSummary,
            toAccept: DurationSummary, previousToAccept: DurationSummary
        ) {
            self.firstResponse = firstResponse
            self.previousFirstResponse = previousFirstResponse
            self.toAccept = toAccept
            self.previousToAccept = previousToAccept
        }
    }

    /// Median and 90th percentile, in hours; none when nothing was measured
    /// or the count is hidden.
    public struct DurationSummary: Sendable, Equatable, Encodable {
        public var count: Tally
        public var medianHours: Double?
        public var p90Hours: Double?

        public init(count: Int, medianHours: Double?, p90Hours: Double?) {
            self.count = Tally(count)
            self.medianHours = medianHours
            self.p90Hours = p90Hours
        }
    }

    /// Open applications (not on hold) with no action for more than 7 days
    /// at the end of the week.
    public struct Waiting: Sendable, Equatable, Encodable {
        public var total: WeekOnWeek
        /// `nil` assignee: nobody is assigned.
        public var byAssignee: [AssigneeCount]
        /// The longest-waiting ones, longest first.
        public var longest: [WaitingApplication]

        public init(total: WeekOnWeek, byAssignee: [AssigneeCount], longest: [WaitingApplication]) {
            self.total = total
            self.byAssignee = byAssignee
            self.longest = longest
        }
    }

    public struct AssigneeCount: Sendable, Equatable, Encodable {
        public var assignee: String?
        public var count: WeekOnWeek

        public init(assignee: String?, count: WeekOnWeek) {
            self.assignee = assignee
            self.count = count
        }
    }

    public struct WaitingApplication: Sendable, Equatable, Encodable {
        /// The short id `vtrack applications show` takes.
        public var id: String
        public var position: String
        public var status: String
        public var assignee: String?
        public var waitingDays: Int

        public init(id: String, position: String, status: String, assignee: String?, waitingDays: Int) {
            self.id = id
            self.position = position
            self.status = status
            self.assignee = assignee
            self.waitingDays = waitingDays
        }
    }

    public struct Onboarding: Sendable, Equatable, Encodable {
        /// Volunteers accepted this week (onboarding began).
        public var started: WeekOnWeek
        /// Volunteers who became active this week.
        public var completed: WeekOnWeek
        /// Tasks open and past their due date at the end of the week.
        public var overdueTasks: WeekOnWeek
        /// `nil` assignee: the volunteer's own tasks.
        public var overdueByAssignee: [AssigneeCount]

        public init(started: WeekOnWeek, completed: WeekOnWeek, overdueTasks: WeekOnWeek, overdueByAssignee: [AssigneeCount]) {
            self.started = started
            self.completed = completed
            self.overdueTasks = overdueTasks
            self.overdueByAssignee = overdueByAssignee
        }
    }

    /// Available hours of active and onboarding volunteers in the week after
    /// the report's, by skill (someone with two skills counts in both).
    public struct Capacity: Sendable, Equatable, Encodable {
        public var week: String
        public var people: Tally
        public var hours: Double?
        public var bySkill: [SkillCapacity]

        public init(week: String, people: Int, hours: Double, bySkill: [SkillCapacity]) {
            self.week = week
            self.people = Tally(people)
            self.hours = hours
            self.bySkill = bySkill
        }
    }

    public struct SkillCapacity: Sendable, Equatable, Encodable {
        public var skill: String
        public var people: Tally
        /// Hidden with a hidden head count: it would be one person's hours.
        public var hours: Double?

        public init(skill: String, people: Int, hours: Double) {
            self.skill = skill
            self.people = Tally(people)
            self.hours = hours
        }
    }

    /// Who opened applicants' sealed data, per coordinator: a bulk read
    /// stands out beside the week before. Counts only, never whom.
    public struct Reveals: Sendable, Equatable, Encodable {
        /// Applicants' personal data shown, all coordinators together.
        public var total: WeekOnWeek
        public var byCoordinator: [CoordinatorReveals]

        public init(total: WeekOnWeek, byCoordinator: [CoordinatorReveals]) {
            self.total = total
            self.byCoordinator = byCoordinator
        }
    }

    public struct CoordinatorReveals: Sendable, Equatable, Encodable {
        public var coordinator: String
        /// Applicants' personal data shown (one per applicant and reveal).
        public var personalData: WeekOnWeek
        /// Applicants whose notes were read.
        public var notes: WeekOnWeek

        public init(coordinator: String, personalData: WeekOnWeek, notes: WeekOnWeek) {
            self.coordinator = coordinator
            self.personalData = personalData
            self.notes = notes
        }
    }

    /// The chain as verified while writing the report, up to the week's end;
    /// its head is what a reader keeps outside the database.
    public struct Audit: Sendable, Equatable, Encodable {
        public var verified: Bool
        /// The first bad sequence number and why, when not verified.
        public var problem: String?
        /// `start`, or the week of the report whose head the walk began from.
        public var verifiedFrom: String
        /// Whether the walk ended at the week's last event (else at the
        /// chain's head: that event was not sealed yet).
        public var throughWeekEnd: Bool
        /// Links walked and checked in this run.
        public var verifiedEvents: Int
        /// Events committed but not linked yet.
        public var unsealedEvents: Int
        public var head: ChainHead?

        public init(
            verified: Bool, problem: String?, verifiedFrom: String, throughWeekEnd: Bool, verifiedEvents: Int, unsealedEvents: Int,
            head: ChainHead?
        ) {
            self.verified = verified
            self.problem = problem
            self.verifiedFrom = verifiedFrom
            self.throughWeekEnd = throughWeekEnd
            self.verifiedEvents = verifiedEvents
            self.unsealedEvents = unsealedEvents
            self.head = head
        }
    }

    public struct ChainHead: Sendable, Equatable, Codable {
        public var position: Int64
        public var sequence: Int64
        /// Lower-case hex SHA-256.
        public var hash: String

        public init(position: Int64, sequence: Int64, hash: String) {
            self.position = position
            self.sequence = sequence
            self.hash = hash
        }
    }
}
