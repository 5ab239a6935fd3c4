import Foundation
import Testing
import VolunteerCore

@testable import VolunteerAPI

/// The pieces between a browser's form and the API's rules: the body,
/// the request it becomes, where a problem is shown, and the language.
@Suite struct PageFormTests {
    @Test func aFormBodyKeepsEveryValueOfEveryName() throws {
        let fields = try #require(FormFields(urlEncoded: "name=Ol%C5%A1a+T&skills=editing&skills=translation&empty=&motivation=a%0D%0Ab"))
        #expect(fields["name"] == "Olša T")
        #expect(fields.all("skills") == ["editing", "translation"])
        #expect(fields["empty"] == nil && fields["absent"] == nil)
        #expect(fields.raw("motivation") == "a\r\nb")
        #expect(FormFields(urlEncoded: "name=%E2%28") == nil, "not UTF-8")
        #expect(FormFields(urlEncoded: "name=%4") == nil && FormFields(urlEncoded: "name=%zz") == nil, "a broken escape")
        #expect(FormFields(urlEncoded: "a%2Bb=c%2bd+e")?["a+b"] == "c+d e")
    }

    @Test func theFormBecomesTheAPIsRequestAndPassesItsRules() throws {
        let fields = FormFields([
            ("name", " Olha "), ("signal", "olha.01"), ("languages", "uk, en-GB"), ("skills", "editing"), ("time_zone", "Europe/Kyiv"),
            ("hours", "5"), ("window-2-day", "tue"), ("window-2-start", "18:00"), ("window-2-end", "21:00"),
            ("privacy_notice", "2026-01"), ("consent", "yes"),
        ])
        let request = try ApplicationRequest.parse(ApplicationForm(fields: fields).request(position: "editor", language: "uk"))
        #expect(request.draft.languages == ["uk", "en-GB"])
        #expect(request.draft.personalData.name == "Olha" && request.draft.personalData.signal == "olha.01")
        #expect(request.draft.availability?.windows.count == 1 && request.draft.availability?.hoursPerWeek == 5)
        #expect(request.draft.privacyPolicyVersion == "2026-01")
        #expect(request.draft.language == "uk")

        var unchecked = fields
        unchecked = FormFields([("name", "Olha"), ("languages", "uk"), ("time_zone", "UTC"), ("hours", "many")])
        #expect(throws: ValidationFailure.self) {
            try ApplicationRequest.parse(ApplicationForm(fields: unchecked).request(position: "editor", language: "uk"))
        }
        do {
            _ = try ApplicationRequest.parse(ApplicationForm(fields: unchecked).request(position: "editor", language: "uk"))
        } catch {
            #expect(Set(error.problems.map { ApplicationForm.fieldID(for: $0.field) }) == ["contact", "hours", "consent"])
        }
    }

    @Test(arguments: [
        ("name", "name"), ("contact", "contact"), ("contact.email", "email"), ("languages[3]", "languages"), ("skills", "skills"),
        ("time_zone", "time_zone"), ("availability.hours_per_week", "hours"), ("availability.windows[0].start", "window-1-start"),
        ("availability.windows[2]", "window-3-day"), ("consent.accepted", "consent"), ("consent.privacy_policy_version", "consent"),
        ("motivation", "motivation"), ("source", "source"), ("position", "position"),
    ])
    func aProblemIsShownBesideItsField(problem: String, field: String) {
        #expect(ApplicationForm.fieldID(for: problem) == field)
    }

    @Test func theLanguageIsTheSwitchTheBrowsersChoiceOrEnglish() {
        #expect(PageLanguage.negotiate(explicit: "cs", acceptLanguage: "ru") == .cs)
        #expect(PageLanguage.negotiate(explicit: "de", acceptLanguage: "uk-UA,uk;q=0.9") == .uk, "an unknown switch is ignored")
        #expect(PageLanguage.negotiate(explicit: nil, acceptLanguage: "de-DE, ru;q=0.5, en;q=0.7") == .en, "by weight")
        #expect(PageLanguage.negotiate(explicit: nil, acceptLanguage: "ru;q=0, cs") == .cs, "q=0 is a refusal")
        #expect(PageLanguage.negotiate(explicit: nil, acceptLanguage: "uk, ru") == .uk, "ties keep the header's order")
        #expect(PageLanguage.negotiate(explicit: nil, acceptLanguage: nil) == .en)
        #expect(PageLanguage.negotiate(explicit: nil, acceptLanguage: ";;,,q=") == .en)
    }

    @Test func pagesAreOnUnlessTurnedOff() throws {
        #expect(try ServerSettings.fromEnvironment([:]).pages)
        #expect(try !ServerSettings.fromEnvironment(["VTRACK_PAGES": "off"]).pages)
        #expect(throws: ServerSettingsError.self) { try ServerSettings.fromEnvironment(["VTRACK_PAGES": "no"]) }
    }
}
