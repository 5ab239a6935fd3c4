import ArgumentParser
import Testing
import VolunteerCore
import VolunteerTestSupport

@testable import VolunteerCLI

/// Every command's `--help`, through the binary, ends with an example; the
/// top one documents the exit codes.
@Suite struct HelpTests {
    static func paths(of command: any ParsableCommand.Type, prefix: [String] = []) -> [[String]] {
        command.configuration.subcommands.flatMap { sub -> [[String]] in
            let path = prefix + [sub._commandName]
            return [path] + paths(of: sub, prefix: path)
        }
    }

    @Test func everyCommandShowsAnExample() async throws {
        let all = [[]] + Self.paths(of: VtrackCommand.self)
        #expect(all.count > 30)
        for path in all {
            let run = try await BinaryRunner.run("vtrack", path + ["--help"])
            #expect(run.status == 0, "\(path)")
            #expect(run.standardOutput.contains("Example"), "`vtrack \(path.joined(separator: " ")) --help` shows no example")
        }
    }

    @Test func theTopHelpDocumentsEveryExitCode() async throws {
        let help = try await BinaryRunner.run("vtrack", ["--help"]).standardOutput
        for code in ExitStatus.allCases {
            #expect(help.contains("  \(code.rawValue) "), "exit code \(code.rawValue)")
        }
    }

    @Test func defaultsAreShownAsTyped() async throws {
        let help = try await BinaryRunner.run("vtrack", ["audit", "reveals", "--help"]).standardOutput
        #expect(help.contains("(default: 30d)"), "\(help)")
    }

    @Test func completionScriptsAreGenerated() async throws {
        for shell in ["bash", "zsh", "fish"] {
            let run = try await BinaryRunner.run("vtrack", ["--generate-completion-script", shell])
            #expect(run.status == 0)
            #expect(run.standardOutput.contains("applications"))
        }
    }
}
