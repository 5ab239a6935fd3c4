import Foundation
import Testing
import VolunteerCore

/// The interview's time as the applicant reads it, and the built-in wording.
@Suite struct InterviewNoticeTests {
    /// 2026-12-08 17:00 UTC: 18:00 in Prague, 19:00 in Kyiv, 12:00 in New York.
    static let start = Date(timeIntervalSince1970: 1_796_749_200)

    static func notice(_ zone: String, _ change: InterviewNotice.Change = .booked) -> InterviewNotice {
        InterviewNotice(change: change, startsAt: start, minutes: 45, timeZone: zone)
    }

    @Test func theTimeIsTheApplicantsOwnInTheirLanguageWithTheZoneNamed() {
        let kyiv = Self.notice("Europe/Kyiv")
        #expect(kyiv.time(in: "en").hasSuffix("(Europe/Kyiv)"))
        #expect(kyiv.time(in: "en").contains("December 8, 2026") && kyiv.time(in: "en").contains("7:00"))
        #expect(kyiv.time(in: "uk").contains("грудня 2026") && kyiv.time(in: "uk").contains("19:00"))
        #expect(kyiv.time(in: "ru").contains("декабря 2026") && kyiv.time(in: "ru").contains("19:00"))
        #expect(kyiv.time(in: "cs").contains("prosince 2026") && kyiv.time(in: "cs").contains("19:00"))
        let newYork = Self.notice("America/New_York").time(in: "en")
        #expect(newYork.contains("Tuesday") && newYork.contains("12:00") && newYork.hasSuffix("(America/New_York)"))
    }

    @Test func theBuiltInWordingSpeaksThePagesLanguagesAndFillsOnlyTheInterviewsPlaceholders() throws {
        for change in InterviewNotice.Change.allCases {
            let versions = InterviewNotice.builtIn(change)
            #expect(Set(versions.keys) == ["en", "uk", "ru", "cs"])
            #expect(versions[InterviewNotice.fallbackLanguage] != nil)
            for (language, body) in versions {
                let template = try MessageTemplate(body)
                #expect(template.placeholders.isSubset(of: [.interviewTime, .interviewMinutes]))
                let text = try template.render(Self.notice("Europe/Kyiv", change).values(in: language))
                #expect(text.contains("(Europe/Kyiv)") && !text.contains("{{"), "\(change) \(language): \(text)")
            }
        }
        #expect(
            try MessageTemplate(InterviewNotice.builtIn(.booked)["en"]!).render(Self.notice("UTC").values(in: "en")).contains("45 minutes"))
    }

    @Test func aTemplateWithTheInterviewsPlaceholdersSaysWhereTheyAreFilled() throws {
        let template = try MessageTemplate("At {{ interview_time }} for {{interview_minutes}} minutes.")
        #expect(throws: MessageTemplateError.missingValue(.interviewTime)) { try template.render([:]) }
        #expect(MessageTemplateError.missingValue(.interviewTime).description.contains("vtrack interviews"))
    }
}
