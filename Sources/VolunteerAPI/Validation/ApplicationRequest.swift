import Foundation
import VolunteerCore

/// `POST /v1/applications`, checked field by field. Every problem is listed;
/// none repeats what was sent.
struct ApplicationRequest: Sendable {
    var draft: ApplicationDraft

    static let fields: Set<String> = [
        "position", "name", "contact", "languages", "skills", "time_zone", "availability", "motivation", "source", "consent",
        "language",
    ]

    static func parse(_ body: JSONValue) throws(ValidationFailure) -> ApplicationRequest {
        let problems = ProblemList()
        guard let reader = FieldReader(body, path: "", problems: problems) else { throw ValidationFailure(problems.problems) }
        reader.refuseUnknown(allowing: fields)
        let position = reader.string("position", required: true, length: 1...80, rule: .positionSlug)
        let name = reader.string("name", required: true, length: 1...100)
        let contact = readContact(reader, problems)
        let languages = reader.strings("languages", required: true, count: 1...10, rule: .languageTag)
        let skills = reader.strings("skills", count: 0...20, rule: .skill) ?? []
        let timeZone = reader.string("time_zone", required: true, length: 1...64, rule: .timeZone)
        let availability = reader.object("availability").flatMap(AvailabilityRules.read)
        let motivation = reader.string("motivation", length: 0...4000, multiline: true)
        let source = reader.string("source", length: 1...80, rule: .source)
        let policy = readConsent(reader, problems)
        // The language of the organisation's messages: the page's, or else the first one spoken.
        let language = reader.string("language", length: 2...35, rule: .languageTag)
        guard problems.problems.isEmpty, let position, let name, let contact, let languages, let timeZone, let policy else {
            throw ValidationFailure(problems.problems)
        }
        var personal = contact
        personal.name = name
        personal.motivation = motivation.flatMap { $0.isEmpty ? nil : $0 }
        return ApplicationRequest(
            draft: ApplicationDraft(
                positionSlug: position, languages: languages, skills: skills, timeZone: timeZone, source: source,
                personalData: personal, availability: availability, privacyPolicyVersion: policy,
                language: language ?? languages[0]
            ))
    }

    /// The contacts, with an empty name for the caller to fill in.
    private static func readContact(_ reader: FieldReader, _ problems: ProblemList) -> PersonalData? {
        guard let contact = reader.object("contact", required: true) else { return nil }
        contact.refuseUnknown(allowing: ["email", "telegram", "signal", "other"])
        let before = problems.problems.count
        let email = contact.string("email", length: 3...254)
        if let email, !ContactRules.isEmail(email) { problems.add("contact.email", "must be an e-mail address") }
        var telegram = contact.string("telegram", length: 5...33)
        if let handle = telegram {
            telegram = ContactRules.telegram(handle)
            if telegram == nil { problems.add("contact.telegram", "must be a Telegram username: 5 to 32 letters, digits or _") }
        }
        let signal = contact.string("signal", length: 3...40)
        if let signal, !ContactRules.isSignal(signal) {
            problems.add("contact.signal", "must be a phone number in international form (+…) or a Signal username (name.42)")
        }
        let other = contact.string("other", length: 1...200)
        guard problems.problems.count == before else { return nil }
        guard email != nil || telegram != nil || signal != nil || other != nil else {
            problems.add("contact", "needs at least one of email, telegram, signal, other")
            return nil
        }
        return PersonalData(name: "", email: email, telegram: telegram, signal: signal, otherContact: other)
    }

    /// The privacy policy version consented to; consent must be an explicit `true`.
    private static func readConsent(_ reader: FieldReader, _ problems: ProblemList) -> String? {
        guard let consent = reader.object("consent", required: true) else { return nil }
        consent.refuseUnknown(allowing: ["privacy_policy_version", "accepted"])
        let version = consent.string(
            "privacy_policy_version", required: true, length: PrivacyNoticeRules.versionLength, rule: .privacyNoticeVersion)
        let accepted = consent.bool("accepted", required: true)
        if accepted == false { problems.add("consent.accepted", "must be true: we cannot take an application without consent") }
        return accepted == true ? version : nil
    }
}
