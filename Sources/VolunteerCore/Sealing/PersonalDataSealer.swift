import Crypto
import Foundation

/// Seals personal data for every registered coordinator key. This is all the
/// server can do with personal data: it holds public keys only.
public struct PersonalDataSealer: Sendable {
    public let recipients: [RecipientKey]

    /// Refuses to exist without a recipient: data sealed for nobody would be lost.
    public init(recipients: [RecipientKey]) throws {
        guard !recipients.isEmpty else { throw SealingError.noRecipients }
        self.recipients = recipients
    }

    public func seal(_ data: PersonalData, applicantID: UUID) throws -> SealedPersonalData {
        let dataKey = DataKey.random()
        let sealed = try dataKey.seal(PersonalDataCoding.encode(data), for: .personalData(applicantID: applicantID))
        let wrapped = try recipients.map { try dataKey.wrap(for: $0, applicantID: applicantID) }
        return SealedPersonalData(sealed: sealed, wrappedKeys: wrapped)
    }
}

/// One applicant's personal data as stored: the ciphertext and its data key
/// wrapped for each coordinator key.
public struct SealedPersonalData: Sendable {
    public let sealed: [UInt8]
    public let wrappedKeys: [WrappedDataKey]

    public init(sealed: [UInt8], wrappedKeys: [WrappedDataKey]) {
        self.sealed = sealed
        self.wrappedKeys = wrappedKeys
    }
}

enum PersonalDataCoding {
    static func encode(_ data: PersonalData) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(data)
    }

    static func decode(_ data: Data) throws -> PersonalData {
        do {
            return try JSONDecoder().decode(PersonalData.self, from: data)
        } catch {
            throw SealingError.tampered
        }
    }
}
