import Foundation
import Testing
import VolunteerTestSupport

/// deploy/systemd: the units pass `systemd-analyze verify` (with the paths of
/// the binaries just built), keep their exposure low, and give the server
/// more time to stop than it takes.
@Suite struct SystemdUnitTests {
    static let units = ["vtrack-server.service", "vtrack-weekly-report.service", "vtrack-weekly-report.timer"]
    static let folder = TestEnvironment.repositoryRoot.appendingPathComponent("deploy/systemd")

    /// scripts/test installs it (Debian's systemd package).
    static var systemdAnalyze: URL {
        get throws {
            let tool = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
            guard FileManager.default.isExecutableFile(atPath: tool.path) else { throw MissingSystemdAnalyze() }
            return tool
        }
    }

    /// The units in a scratch folder, their /opt/vtrack paths pointing at this build.
    static func withInstalledCopies<Result>(_ body: ([URL]) async throws -> Result) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let binaries = TestEnvironment.binary("vtrack").deletingLastPathComponent().path
        let copies = try units.map { unit in
            let text = try String(contentsOf: folder.appendingPathComponent(unit), encoding: .utf8)
                .replacingOccurrences(of: "/opt/vtrack/bin/", with: binaries + "/")
                .replacingOccurrences(
                    of: "/opt/vtrack/scripts/", with: TestEnvironment.repositoryRoot.appendingPathComponent("scripts").path + "/"
                )
                .replacingOccurrences(of: "/opt/vtrack/migrations", with: TestEnvironment.migrationsDirectory.path)
            let settings = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            #expect(!settings.contains { $0.contains("/opt/vtrack") }, "\(unit) names a path the test does not map")
            let copy = scratch.appendingPathComponent(unit)
            try Data(text.utf8).write(to: copy)
            return copy
        }
        return try await body(copies)
    }

    @Test func theUnitsVerify() async throws {
        try await Self.withInstalledCopies { copies in
            let run = try await BinaryRunner.run(executable: try Self.systemdAnalyze, ["verify"] + copies.map(\.path))
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardError.isEmpty && run.standardOutput.isEmpty, "warnings: \(run.standardError)\(run.standardOutput)")
        }
    }

    @Test func aBrokenUnitDoesNotVerify() async throws {
        // The check above can fail: a missing binary is an error.
        try await Self.withInstalledCopies { copies in
            let broken = copies[0].deletingLastPathComponent().appendingPathComponent("broken.service")
            let text = try String(contentsOf: copies[0], encoding: .utf8)
                .replacingOccurrences(of: "vtrack-server\n", with: "vtrack-server-missing\n")
            try Data(text.utf8).write(to: broken)
            let run = try await BinaryRunner.run(executable: try Self.systemdAnalyze, ["verify", broken.path])
            #expect(run.status != 0)
            #expect(run.standardError.contains("vtrack-server-missing is not executable"))
        }
    }

    @Test func theServicesExposeLittle() async throws {
        try await Self.withInstalledCopies { copies in
            for service in copies where service.pathExtension == "service" {
                // systemd's own score, from 0 (locked down) to 10; the units score 1.3 ("OK").
                let run = try await BinaryRunner.run(
                    executable: try Self.systemdAnalyze, ["security", "--offline=yes", "--threshold=20", "--no-pager", service.path]
                )
                #expect(run.status == 0, "\(service.lastPathComponent): \(run.standardOutput.suffix(200))")
                let score = run.standardOutput.firstMatch(of: #/Overall exposure level for [^:]+: ([0-9.]+) /#).flatMap { Double($0.1) }
                #expect(score.map { $0 <= 1.5 } == true, "\(service.lastPathComponent): \(run.standardOutput.suffix(200))")
            }
        }
    }

    @Test func theServerStopsWellWithinTimeoutStopSec() async throws {
        let unit = try String(contentsOf: Self.folder.appendingPathComponent("vtrack-server.service"), encoding: .utf8)
        let timeout = try #require(unit.firstMatch(of: /\nTimeoutStopSec=([0-9]+)s\n/).flatMap { Int($0.1) })
        #expect(unit.contains("\nKillSignal=SIGTERM\n"))
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_api") { api in
                try await ServerProcessTests.withServer(["DATABASE_URL": api.url]) { server, base in
                    let ready = try await ServerProcessTests.get("\(base)/ready", within: .seconds(20))
                    #expect(ready == 200)
                    let signalled = ContinuousClock.now
                    server.signal(SIGTERM)
                    // The server's own bound is 10 s; the unit waits longer before SIGKILL.
                    #expect(await server.waitForExit(timeout: .seconds(10)) == 0)
                    let took = ContinuousClock.now - signalled
                    #expect(took < .seconds(10) && timeout > 10, "stopped in \(took); TimeoutStopSec=\(timeout)s")
                }
            }
        }
    }
}

struct MissingSystemdAnalyze: Error, CustomStringConvertible {
    var description: String {
        "/usr/bin/systemd-analyze is missing: scripts/test installs it (Debian's systemd package)"
    }
}
