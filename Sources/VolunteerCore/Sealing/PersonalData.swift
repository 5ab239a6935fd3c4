import Foundation

/// Everything that identifies an applicant. It exists in clear only in the
/// server's memory while it is sealed, and on a coordinator's machine once
/// opened; the database holds it sealed (see `PersonalDataSealer`).
public struct PersonalData: Sendable, Equatable, Codable {
    /// How to address the applicant: a name or a pseudonym.
    public var name: String
    public var email: String?
    public var telegram: String?
    public var signal: String?
    /// Any other way to reach the applicant, free text.
    public var otherContact: String?
    public var motivation: String?

    public init(
        name: String, email: String? = nil, telegram: String? = nil, signal: String? = nil,
        otherContact: String? = nil, motivation: String? = nil
    ) {
        self.name = name
        self.email = email
        self.telegram = telegram
        self.signal = signal
        self.otherContact = otherContact
        self.motivation = motivation
    }

    /// The contacts given, labelled, in a fixed order.
    public var contacts: [(kind: String, value: String)] {
        [("email", email), ("telegram", telegram), ("signal", signal), ("other", otherContact)]
            .compactMap { kind, value in value.map { (kind, $0) } }
    }
}
