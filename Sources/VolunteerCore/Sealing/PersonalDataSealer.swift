import Crypto
import Foundation

/// Seals personal data: its data key wrapped once for the organisation key,
/// or, in a database that has none yet, for every registered coordinator
/// key. This is all the server can do with personal data: it holds public
/// keys only.
public struct PersonalDataSealer: Sendable {
    public enum Recipients: Sendable {
        case organisation(RecipientKey)
        /// Before the organisation key exists: one wrap per coordinator key.
        case coordinatorKeys([RecipientKey])
    }

    public let recipients: Recipients

    /// Refuses to exist without a recipient: data sealed for nobody would be lost.
    public init(recipients: [RecipientKey]) throws {
        guard !recipients.isEmpty else { throw SealingError.noRecipients }
        self.recipients = .coordinatorKeys(recipients)
    }

    public init(organisationKey: RecipientKey) {
        self.recipients = .organisation(organisationKey)
    }

    public func seal(_ data: PersonalData, applicantID: UUID) throws -> SealedPersonalData {
        let dataKey = DataKey.random()
        let sealed = try dataKey.seal(PersonalDataCoding.encode(data), for: .personalData(applicantID: applicantID))
        switch recipients {
        case .organisation(let key):
            return SealedPersonalData(
                sealed: sealed, wrappedKeys: [], organisationKey: try dataKey.wrap(for: key, applicantID: applicantID))
        case .coordinatorKeys(let keys):
            return SealedPersonalData(sealed: sealed, wrappedKeys: try keys.map { try dataKey.wrap(for: $0, applicantID: applicantID) })
        }
    }
}

/// One applicant's personal data as stored: the ciphertext and its data key,
/// wrapped for the organisation key or for each coordinator key.
public struct SealedPersonalData: Sendable {
    public let sealed: [UInt8]
    /// Wraps for coordinator keys, before the organisation key exists.
    public let wrappedKeys: [WrappedDataKey]
    /// The wrap for the organisation key (`keyID` is its id).
    public let organisationKey: WrappedDataKey?

    public init(sealed: [UInt8], wrappedKeys: [WrappedDataKey], organisationKey: WrappedDataKey? = nil) {
        self.sealed = sealed
        self.wrappedKeys = wrappedKeys
        self.organisationKey = organisationKey
    }
}

enum PersonalDataCoding {
    /// The JSON object JSONEncoder would write (names sorted, absent fields
    /// left out), written directly: JSONEncoder took 2% of the server's time
    /// for an application.
    static func encode(_ data: PersonalData) -> Data {
        let fields: [(String, String?)] = [
            ("email", data.email), ("motivation", data.motivation), ("name", data.name),
            ("otherContact", data.otherContact), ("signal", data.signal), ("telegram", data.telegram),
        ]
        var json: [UInt8] = [UInt8(ascii: "{")]
        for (name, value) in fields {
            guard let value else { continue }
            if json.count > 1 { json.append(UInt8(ascii: ",")) }
            appendQuoted(name, to: &json)
            json.append(UInt8(ascii: ":"))
            appendQuoted(value, to: &json)
        }
        json.append(UInt8(ascii: "}"))
        return Data(json)
    }

    /// A JSON string: quote, backslash and control characters escaped, the
    /// rest as its UTF-8.
    private static func appendQuoted(_ text: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                json.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case ..<0x20:
                json.append(contentsOf: Array(String(format: "\\u%04x", byte).utf8))
            default:
                json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }

    static func decode(_ data: Data) throws -> PersonalData {
        do {
            return try JSONDecoder().decode(PersonalData.self, from: data)
        } catch {
            throw SealingError.tampered
        }
    }
}

extension DataKey {
    /// An applicant's personal data, sealed with this key.
    public func openPersonalData(_ sealed: [UInt8], applicantID: UUID) throws -> PersonalData {
        try PersonalDataCoding.decode(open(sealed, for: .personalData(applicantID: applicantID)))
    }
}
