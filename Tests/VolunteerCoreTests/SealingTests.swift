import Crypto
import Foundation
import Testing

@testable import VolunteerCore

@Suite struct SealingTests {
    let alice = CoordinatorPrivateKey.generate()
    let bob = CoordinatorPrivateKey.generate()
    let carol = CoordinatorPrivateKey.generate()
    let person = PersonalData(
        name: "Olena Canary", email: "olena@example.org", telegram: "@olena_canary", motivation: "I translate."
    )

    func recipients(_ keys: CoordinatorPrivateKey...) -> [RecipientKey] {
        keys.map { RecipientKey(id: UUID(), name: "k", publicKey: $0.publicKey) }
    }

    @Test func everyRecipientOpensWhatWasSealed() throws {
        let keys = recipients(alice, bob, carol)
        let applicant = UUID()
        let sealed = try PersonalDataSealer(recipients: keys).seal(person, applicantID: applicant)
        #expect(sealed.wrappedKeys.map(\.keyID) == keys.map(\.id))
        for (key, wrapped) in zip([alice, bob, carol], sealed.wrappedKeys) {
            #expect(try key.open(sealed.sealed, wrappedKey: wrapped, applicantID: applicant) == person)
        }
    }

    @Test func theOrganisationKeyOpensForEachCoordinatorItIsWrappedForAndNoOther() throws {
        let organisation = OrganisationPrivateKey.generate()
        let target = RecipientKey(id: UUID(), name: "organisation", publicKey: organisation.publicKey)
        let applicant = UUID()
        let sealed = try PersonalDataSealer(organisationKey: target).seal(person, applicantID: applicant)
        #expect(sealed.wrappedKeys.isEmpty)
        let wrapped = try #require(sealed.organisationKey)
        #expect(wrapped.keyID == target.id)
        for coordinator in [alice, bob] {
            let grant = try organisation.wrap(for: recipients(coordinator)[0])
            let opened = try OrganisationPrivateKey(publicKey: organisation.publicKey, unwrapping: grant, with: coordinator)
            #expect(try opened.unwrap(wrapped, applicantID: applicant).openPersonalData(sealed.sealed, applicantID: applicant) == person)
            #expect(throws: SealingError.wrongKey) {
                try OrganisationPrivateKey(publicKey: organisation.publicKey, unwrapping: grant, with: carol)
            }
            // A grant moved to another organisation key's row does not open.
            #expect(throws: SealingError.wrongKey) {
                try OrganisationPrivateKey(publicKey: OrganisationPrivateKey.generate().publicKey, unwrapping: grant, with: coordinator)
            }
        }
        #expect(throws: SealingError.wrongKey) {
            try OrganisationPrivateKey.generate().unwrap(wrapped, applicantID: applicant)
        }
    }

    @Test func theCiphertextCarriesNoneOfThePlaintext() throws {
        let sealed = try PersonalDataSealer(recipients: recipients(alice)).seal(person, applicantID: UUID())
        let text = String(decoding: sealed.sealed, as: UTF8.self)
        #expect(!text.contains("Canary"))
        #expect(!text.contains("olena"))
    }

    @Test func lengthsArePaddedToBlocks() throws {
        let sealer = try PersonalDataSealer(recipients: recipients(alice))
        let short = try sealer.seal(PersonalData(name: "A"), applicantID: UUID())
        let longer = try sealer.seal(PersonalData(name: String(repeating: "A", count: 150)), applicantID: UUID())
        #expect(short.sealed.count == longer.sealed.count)
        #expect((short.sealed.count - 1 - 12 - 16) % 256 == 0)
    }

    @Test func sealingForNobodyIsRefused() {
        #expect(throws: SealingError.noRecipients) { try PersonalDataSealer(recipients: []) }
    }

    @Test func aKeyItWasNotSealedForCannotOpen() throws {
        let applicant = UUID()
        let sealed = try PersonalDataSealer(recipients: recipients(alice)).seal(person, applicantID: applicant)
        #expect(throws: SealingError.wrongKey) {
            try bob.open(sealed.sealed, wrappedKey: sealed.wrappedKeys[0], applicantID: applicant)
        }
    }

    @Test func aFlippedByteIsDetected() throws {
        let applicant = UUID()
        let sealed = try PersonalDataSealer(recipients: recipients(alice)).seal(person, applicantID: applicant)
        for index in [1, 20, sealed.sealed.count - 1] {
            var tampered = sealed.sealed
            tampered[index] ^= 0x01
            #expect(throws: SealingError.tampered) {
                try alice.open(tampered, wrappedKey: sealed.wrappedKeys[0], applicantID: applicant)
            }
        }
        var wrapped = sealed.wrappedKeys[0].ciphertext
        wrapped[0] ^= 0x01
        let tamperedKey = WrappedDataKey(
            keyID: sealed.wrappedKeys[0].keyID, encapsulatedKey: sealed.wrappedKeys[0].encapsulatedKey, ciphertext: wrapped)
        #expect(throws: SealingError.wrongKey) {
            try alice.open(sealed.sealed, wrappedKey: tamperedKey, applicantID: applicant)
        }
    }

    @Test func dataMovedToAnotherApplicantDoesNotOpen() throws {
        let sealer = try PersonalDataSealer(recipients: recipients(alice))
        let first = UUID()
        let sealed = try sealer.seal(person, applicantID: first)
        #expect(throws: SealingError.self) {
            try alice.open(sealed.sealed, wrappedKey: sealed.wrappedKeys[0], applicantID: UUID())
        }
        let dataKey = try alice.unwrap(sealed.wrappedKeys[0], applicantID: first)
        #expect(throws: SealingError.tampered) {
            try dataKey.open(sealed.sealed, for: .personalData(applicantID: UUID()))
        }
    }

    @Test func anUnknownFormatVersionIsNamed() throws {
        let applicant = UUID()
        let sealed = try PersonalDataSealer(recipients: recipients(alice)).seal(person, applicantID: applicant)
        var future = sealed.sealed
        future[0] = 9
        #expect(throws: SealingError.unsupportedFormat(9)) {
            try alice.open(future, wrappedKey: sealed.wrappedKeys[0], applicantID: applicant)
        }
    }

    @Test func notesSealWithTheApplicantsDataKey() throws {
        let key = DataKey.random()
        let note = UUID()
        let sealed = try key.seal(Data("called her, no answer".utf8), for: .note(noteID: note))
        #expect(String(decoding: try key.open(sealed, for: .note(noteID: note)), as: UTF8.self) == "called her, no answer")
        #expect(throws: SealingError.tampered) { try key.open(sealed, for: .note(noteID: UUID())) }
    }

    @Test func keyFilesRoundTrip() throws {
        let read = try CoordinatorPrivateKey(fileContents: alice.fileContents)
        #expect(read.publicKey.rawRepresentation == alice.publicKey.rawRepresentation)
        #expect(alice.fileContents.contains(alice.fingerprint))
        #expect(alice.fingerprint.count == 19)
    }

    @Test(arguments: [
        "", "# only a comment\n", "ssh-ed25519 AAAA", "vtrack-x25519-private-key-v1 notbase64!", "vtrack-x25519-private-key-v1 AAAA",
    ])
    func malformedKeyFilesAreRefused(contents: String) {
        #expect(throws: SealingError.self) { try CoordinatorPrivateKey(fileContents: contents) }
    }

    @Test func theBlindIndexNormalisesAndDependsOnItsKey() throws {
        let index = try BlindIndex(encodedKey: String(repeating: "ab", count: 32))
        #expect(index.email(" Olena@Example.ORG\n") == index.email("olena@example.org"))
        #expect(index.email("olena@example.org") != index.email("olena@example.com"))
        let other = try BlindIndex(encodedKey: Data(repeating: 7, count: 32).base64EncodedString())
        #expect(other.email("olena@example.org") != index.email("olena@example.org"))
        #expect(index.email("x").count == 32)
    }

    @Test func blindIndexKeysMustBeLongAndEncoded() {
        #expect(throws: BlindIndexKeyError.tooShort(16)) { try BlindIndex(encodedKey: String(repeating: "ab", count: 16)) }
        #expect(throws: BlindIndexKeyError.notEncoded) { try BlindIndex(encodedKey: "not a key at all!") }
    }
}
