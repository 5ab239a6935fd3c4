import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// `vtrack keys export` and `vtrack keys import`: the key leaves the machine
/// only sealed, comes back as the same key, and never overwrites a file.
@Suite struct KeysExportTests {
    static let cheapest = try! ScryptCost(n: 1024, r: 8, p: 1)

    /// The key a sealed file holds, opened as the test's own check.
    static func key(in path: String, passphrase: String) throws -> CoordinatorPrivateKey {
        guard case .passphraseSealed(let sealed) = try KeyFileContents(String(contentsOfFile: path, encoding: .utf8)) else {
            throw SealingError.malformedKey("\(path) holds the key in clear")
        }
        return try sealed.open(passphrase: passphrase, weakest: cheapest)
    }

    static func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    static func vtrack(
        _ arguments: [String], _ environment: [String: String], _ descriptors: [Int32: String] = [:]
    ) async throws
        -> BinaryRun
    {
        try await BinaryRunner.run("vtrack", arguments, environment: environment, descriptors: descriptors)
    }

    @Test func anExportImportsAsTheSameKeyThatOpensTheSameApplicants() async throws {
        try await KeyFileSecurityTests.withCoordinator(initArguments: ["--passphrase-fd", "3"], passphrase: "key one") {
            environment, keyPath in
            let original = try Self.key(in: keyPath, passphrase: "key one")
            let secret = original.privateKey.rawRepresentation.base64EncodedString()
            let folder = (keyPath as NSString).deletingLastPathComponent
            let exported = folder + "/backup/me.vtrack-key"
            let imported = folder + "/restored/key"

            let export = try await Self.vtrack(
                ["keys", "export", "--out", exported, "--passphrase-fd", "3", "--new-passphrase-fd", "4"], environment,
                [3: "key one\n", 4: "export two\n"])
            #expect(export.status == 0, "\(export.standardError)")
            #expect(export.standardOutput.contains(original.fingerprint))
            #expect(try Self.mode(exported) == 0o600)
            #expect(try String(contentsOfFile: exported, encoding: .utf8).contains("private-key-scrypt-v1"))
            #expect(try Self.key(in: exported, passphrase: "export two").fingerprint == original.fingerprint)

            let importing = try await Self.vtrack(
                ["keys", "import", exported, "--key-file", imported, "--passphrase-fd", "3", "--new-passphrase-fd", "4"], environment,
                [3: "export two\n", 4: "key three\n"])
            #expect(importing.status == 0, "\(importing.standardError)")
            #expect(importing.standardOutput.contains("imported key \(original.fingerprint) to \(imported)"))
            #expect(importing.standardOutput.contains("registered as key me"))
            #expect(try Self.mode(imported) == 0o600)
            #expect(try Self.key(in: imported, passphrase: "key three").fingerprint == original.fingerprint)

            let opened = try await KeyFileSecurityTests.reveal(
                environment, ["--key-file", imported, "--passphrase-fd", "3"], descriptors: [3: "key three\n"])
            #expect(opened.status == 0, "\(opened.standardError)")
            #expect(opened.standardOutput.contains(KeysCommandTests.canary.name))

            for run in [export, importing] {
                #expect(!run.standardOutput.contains(secret) && !run.standardError.contains(secret))
            }
        }
    }

    @Test func neitherOverwritesAFileNorWritesAKeyInClear() async throws {
        try await KeyFileSecurityTests.withCoordinator(initArguments: ["--no-passphrase"], passphrase: nil) { environment, keyPath in
            let folder = (keyPath as NSString).deletingLastPathComponent
            let exported = folder + "/me.vtrack-key"

            let unchosen = try await Self.vtrack(["keys", "export", "--out", exported], environment)
            #expect(unchosen.status == 64, "no terminal and no --new-passphrase-fd: nothing is written in clear")
            #expect(unchosen.standardError.contains("needs a passphrase for the export"))
            #expect(!FileManager.default.fileExists(atPath: exported))
            let empty = try await Self.vtrack(["keys", "export", "--out", exported, "--new-passphrase-fd", "4"], environment, [4: "\n"])
            #expect(empty.status == 64)
            #expect(!FileManager.default.fileExists(atPath: exported))

            let first = try await Self.vtrack(["keys", "export", "--out", exported, "--new-passphrase-fd", "4"], environment, [4: "one\n"])
            #expect(first.status == 0, "\(first.standardError)")
            let before = try String(contentsOfFile: exported, encoding: .utf8)
            let again = try await Self.vtrack(["keys", "export", "--out", exported, "--new-passphrase-fd", "4"], environment, [4: "two\n"])
            #expect(again.status == 1)
            #expect(again.standardError.contains("\(exported) already exists and is never overwritten"))
            #expect(try String(contentsOfFile: exported, encoding: .utf8) == before)

            let plain = try String(contentsOfFile: keyPath, encoding: .utf8)
            let over = try await Self.vtrack(
                ["keys", "import", exported, "--passphrase-fd", "3", "--no-passphrase"], environment, [3: "one\n"])
            #expect(over.status == 1, "the key file exists")
            #expect(over.standardError.contains("\(keyPath) already exists and is never overwritten"))
            #expect(try String(contentsOfFile: keyPath, encoding: .utf8) == plain)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".new-") }.isEmpty)
        }
    }

    @Test func aWrongExportPassphraseIsRefusedAndImportWorksOffline() async throws {
        try await KeyFileSecurityTests.withCoordinator(initArguments: ["--no-passphrase"], passphrase: nil) { environment, keyPath in
            let original = try CoordinatorPrivateKey(fileContents: String(contentsOfFile: keyPath, encoding: .utf8))
            let folder = (keyPath as NSString).deletingLastPathComponent
            let exported = folder + "/me.vtrack-key"
            let export = try await Self.vtrack(
                ["keys", "export", "--out", exported, "--new-passphrase-fd", "4"], environment, [4: "right\n"])
            #expect(export.status == 0, "\(export.standardError)")

            var offline = environment
            offline["DATABASE_URL"] = nil
            offline["VTRACK_KEY_FILE"] = folder + "/elsewhere/key"
            let wrong = try await Self.vtrack(
                ["keys", "import", exported, "--passphrase-fd", "3", "--no-passphrase"], offline, [3: "wrong\n"])
            #expect(wrong.status == 77)
            #expect(wrong.standardError.contains("wrong passphrase for the key file \(exported)"))
            #expect(!FileManager.default.fileExists(atPath: folder + "/elsewhere/key"))

            let imported = try await Self.vtrack(
                ["keys", "import", exported, "--passphrase-fd", "3", "--no-passphrase"], offline, [3: "right\n"])
            #expect(imported.status == 0, "\(imported.standardError)")
            #expect(!imported.standardOutput.contains("registered"), "no database was named")
            let written = try CoordinatorPrivateKey(fileContents: String(contentsOfFile: folder + "/elsewhere/key", encoding: .utf8))
            #expect(written.fingerprint == original.fingerprint)
            #expect(try Self.mode(folder + "/elsewhere/key") == 0o600)
        }
    }
}
