import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

/// Key files: refused when others may read them, sealed with a passphrase
/// that never passes through argv or the environment.
@Suite struct KeyFileSecurityTests {
    /// Lowers scrypt's cost so that each of these runs takes milliseconds;
    /// `initWithTheStandardCost…` keeps one run at the real cost.
    static let cheap = ["VTRACK_TEST_SCRYPT_N": "1024"]

    /// A coordinator with one application sealed for "me", whose key file
    /// `init` wrote with `initArguments` and fd 3 holding `passphrase`.
    static func withCoordinator(
        initArguments: [String], passphrase: String?, environment extra: [String: String] = cheap,
        _ body: (_ environment: [String: String], _ keyPath: String) async throws -> Void
    ) async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                try await KeysCommandTests.withHome { home in
                    let keyPath = home.appendingPathComponent("key").path
                    let environment = ["DATABASE_URL": settings.url, "HOME": home.path, "VTRACK_KEY_FILE": keyPath, "NO_COLOR": "1"]
                        .merging(extra) { $1 }
                    let created = try await BinaryRunner.run(
                        "vtrack", ["keys", "init", "--name", "me"] + initArguments, environment: environment,
                        descriptors: passphrase.map { [3: $0 + "\n"] } ?? [:]
                    )
                    #expect(created.status == 0, "\(created.standardError)")
                    try await KeysCommandTests.seedApplications(settings, count: 1)
                    try await body(environment, keyPath)
                }
            }
        }
    }

    static func reveal(
        _ environment: [String: String], _ extra: [String] = [], descriptors: [Int32: String] = [:]
    ) async throws -> BinaryRun {
        try await BinaryRunner.run(
            "vtrack", ["applications", "list", "--reveal"] + extra, environment: environment, descriptors: descriptors)
    }

    @Test func aKeyFileOthersMayReadOrOwnIsRefusedBeforeItIsUsed() async throws {
        try await Self.withCoordinator(initArguments: ["--no-passphrase"], passphrase: nil) { environment, keyPath in
            #expect(try await Self.reveal(environment).status == 0)

            chmod(keyPath, 0o644)
            let exposed = try await Self.reveal(environment)
            #expect(exposed.status == 77)
            #expect(exposed.standardError.contains(keyPath) && exposed.standardError.contains("0644"))
            #expect(exposed.standardError.contains("chmod 600 \(keyPath)"))
            #expect(!exposed.standardOutput.contains(KeysCommandTests.canary.name))
            chmod(keyPath, 0o620)
            #expect(try await Self.reveal(environment).status == 77, "writable by the group")
            chmod(keyPath, 0o600)

            #expect(chown(keyPath, 65534, 65534) == 0)
            let foreign = try await Self.reveal(environment)
            #expect(foreign.status == 77)
            #expect(foreign.standardError.contains("belongs to user id 65534"))
            #expect(chown(keyPath, geteuid(), getegid()) == 0)

            let folder = (keyPath as NSString).deletingLastPathComponent
            let notAFile = try await Self.reveal(environment, ["--key-file", folder])
            #expect(notAFile.status == 77)
            #expect(notAFile.standardError.contains("not a regular file"))
        }
    }

    @Test func initWithoutATerminalAsksForAChoiceAndWritesNothing() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                try await KeysCommandTests.withHome { home in
                    let environment = ["DATABASE_URL": settings.url, "HOME": home.path]
                    let run = try await BinaryRunner.run("vtrack", ["keys", "init", "--name", "me"], environment: environment)
                    #expect(run.status == 64)
                    #expect(run.standardError.contains("--no-passphrase"))
                    #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent(".config/vtrack/key").path))
                    let empty = try await BinaryRunner.run(
                        "vtrack", ["keys", "init", "--name", "me", "--passphrase-fd", "3"], environment: environment, descriptors: [3: "\n"]
                    )
                    #expect(empty.status == 64)
                    #expect(empty.standardError.contains("empty passphrase"))
                }
            }
        }
    }

    @Test func initWithTheStandardCostSealsTheKeyFileAndEveryLoadAsksForThePassphrase() async throws {
        let passphrase = "кобзар і 🙂 correct horse"
        try await Self.withCoordinator(initArguments: ["--passphrase-fd", "3"], passphrase: passphrase, environment: [:]) {
            environment, keyPath in
            let file = try String(contentsOfFile: keyPath, encoding: .utf8)
            #expect(file.contains("vtrack-x25519-private-key-scrypt-v1 131072 8 1 "))
            #expect(!file.contains("vtrack-x25519-private-key-v1"))
            #expect((try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int) == 0o600)

            let opened = try await Self.reveal(environment, ["--passphrase-fd", "3"], descriptors: [3: passphrase + "\n"])
            #expect(opened.status == 0, "\(opened.standardError)")
            #expect(opened.standardOutput.contains(KeysCommandTests.canary.name))

            let none = try await Self.reveal(environment)
            #expect(none.status == 77)
            #expect(none.standardError.contains("sealed with a passphrase") && none.standardError.contains("--passphrase-fd"))
        }
    }

    @Test func aWrongPassphraseIsRefusedAndTheEnvironmentNamesOnlyADescriptor() async throws {
        try await Self.withCoordinator(initArguments: ["--passphrase-fd", "3"], passphrase: "right one") { environment, keyPath in
            let wrong = try await Self.reveal(environment, ["--passphrase-fd", "3"], descriptors: [3: "wrong one\n"])
            #expect(wrong.status == 77)
            #expect(wrong.standardError.contains("wrong passphrase for the key file \(keyPath)"))
            #expect(!wrong.standardOutput.contains(KeysCommandTests.canary.name))

            var viaEnvironment = environment
            viaEnvironment["VTRACK_PASSPHRASE_FD"] = "4"
            let opened = try await Self.reveal(viaEnvironment, descriptors: [4: "right one\n"])
            #expect(opened.status == 0, "\(opened.standardError)")
            #expect(opened.standardOutput.contains(KeysCommandTests.canary.name))
        }
    }

    @Test func passphraseChangesAddsAndRemovesInPlace() async throws {
        try await Self.withCoordinator(initArguments: ["--no-passphrase"], passphrase: nil) { environment, keyPath in
            let plain = try String(contentsOfFile: keyPath, encoding: .utf8)
            let fingerprint = try CoordinatorPrivateKey(fileContents: plain).fingerprint
            func passphrase(_ arguments: [String], _ descriptors: [Int32: String]) async throws -> BinaryRun {
                try await BinaryRunner.run(
                    "vtrack", ["keys", "passphrase"] + arguments, environment: environment, descriptors: descriptors)
            }
            let refused = try await passphrase([], [:])
            #expect(refused.status == 64, "no terminal and no choice")
            #expect(try String(contentsOfFile: keyPath, encoding: .utf8) == plain)

            let added = try await passphrase(["--new-passphrase-fd", "4"], [4: "first\n"])
            #expect(added.status == 0, "\(added.standardError)")
            #expect(try String(contentsOfFile: keyPath, encoding: .utf8).contains("private-key-scrypt-v1"))

            let changed = try await passphrase(["--passphrase-fd", "3", "--new-passphrase-fd", "4"], [3: "first\n", 4: "second\n"])
            #expect(changed.status == 0, "\(changed.standardError)")
            #expect(try await Self.reveal(environment, ["--passphrase-fd", "3"], descriptors: [3: "first\n"]).status == 77)
            #expect(try await Self.reveal(environment, ["--passphrase-fd", "3"], descriptors: [3: "second\n"]).status == 0)

            let wrong = try await passphrase(["--passphrase-fd", "3", "--remove"], [3: "first\n"])
            #expect(wrong.status == 77)
            let removed = try await passphrase(["--passphrase-fd", "3", "--remove"], [3: "second\n"])
            #expect(removed.status == 0, "\(removed.standardError)")
            let after = try String(contentsOfFile: keyPath, encoding: .utf8)
            #expect(try CoordinatorPrivateKey(fileContents: after).fingerprint == fingerprint, "the same key throughout")
            #expect((try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int) == 0o600)
            let folder = (keyPath as NSString).deletingLastPathComponent
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".new-") }.isEmpty)
        }
    }
}
