import Foundation
import Testing

@testable import VolunteerCore

@Suite struct PassphraseSealedKeyTests {
    static let cheap = try! ScryptCost(n: 1024, r: 8, p: 1)

    @Test func aSealedKeyOpensWithItsPassphraseOnly() throws {
        let key = CoordinatorPrivateKey.generate()
        let sealed = try PassphraseSealedKey.seal(key, passphrase: "Слава 🙂", cost: Self.cheap)
        let text = sealed.fileContents(fingerprint: key.fingerprint)
        guard case .passphraseSealed(let read) = try KeyFileContents(text) else {
            Issue.record("not read as sealed")
            return
        }
        #expect(read == sealed)
        #expect(try read.open(passphrase: "Слава 🙂", weakest: Self.cheap).fingerprint == key.fingerprint)
        #expect(throws: KeyPassphraseError.wrongPassphrase) { try read.open(passphrase: "Слава", weakest: Self.cheap) }
        #expect(!text.contains(key.privateKey.rawRepresentation.base64EncodedString()))
    }

    @Test func aFileWhoseCostWasLoweredDoesNotOpen() throws {
        let key = CoordinatorPrivateKey.generate()
        let sealed = try PassphraseSealedKey.seal(key, passphrase: "p", cost: try ScryptCost(n: 2048, r: 8, p: 1))
        let weakened = sealed.fileContents(fingerprint: key.fingerprint).replacingOccurrences(of: "-v1 2048 8 1 ", with: "-v1 1024 8 1 ")
        guard case .passphraseSealed(let read) = try KeyFileContents(weakened) else {
            Issue.record("not read as sealed")
            return
        }
        #expect(throws: KeyPassphraseError.wrongPassphrase) { try read.open(passphrase: "p", weakest: Self.cheap) }
    }

    @Test func costsBelowTheLeastOrBeyondAGibibyteAreRefused() throws {
        let key = CoordinatorPrivateKey.generate()
        let sealed = try PassphraseSealedKey.seal(key, passphrase: "p", cost: Self.cheap)
        #expect(throws: KeyPassphraseError.self) { try sealed.open(passphrase: "p") }
        #expect(throws: SealingError.self) { try ScryptCost(n: 1 << 21, r: 8, p: 1) }
        #expect(throws: SealingError.self) { try ScryptCost(n: 1000, r: 8, p: 1) }
        #expect(ScryptCost.standard.memoryBytes == 128 << 20)
    }

    @Test func aPlainKeyFileStillReads() throws {
        let key = CoordinatorPrivateKey.generate()
        guard case .plain(let read) = try KeyFileContents(key.fileContents) else {
            Issue.record("not read as plain")
            return
        }
        #expect(read.fingerprint == key.fingerprint)
    }
}
