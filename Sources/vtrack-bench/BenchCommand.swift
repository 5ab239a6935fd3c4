import ArgumentParser
import Foundation
import Logging
import VolunteerCore
import VolunteerStore

/// `vtrack-bench`: the measuring and seeding half of `scripts/bench`. Not
/// installed for users; each subcommand prints the figure an issue asks for.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vtrack-bench",
        abstract: "Measure vtrack for scripts/bench.",
        subcommands: [Seal.self, SeedSealed.self, LoadCommand.self, Body.self]
    )

    /// A realistic applicant: short contacts and a long motivation.
    static let person = PersonalData(
        name: "Bench Applicant", email: "bench.applicant@example.org", telegram: "@bench_applicant",
        motivation: String(repeating: "I want to help translate independent journalism. ", count: 20)
    )

    struct Seal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time sealing one application for N coordinator keys.")
        @Option(help: "Registered coordinator keys.") var keys = 3
        @Option(help: "Applications to seal.") var iterations = 20_000

        func run() async throws {
            let recipients = (0..<keys).map { RecipientKey(id: UUID(), name: "k\($0)", publicKey: CoordinatorPrivateKey.generate().publicKey) }
            let sealer = try PersonalDataSealer(recipients: recipients)
            let ids = (0..<iterations).map { _ in UUID() }
            for id in ids.prefix(1_000) { _ = try sealer.seal(BenchCommand.person, applicantID: id) }
            let clock = ContinuousClock()
            let elapsed = try clock.measure {
                for id in ids { _ = try sealer.seal(BenchCommand.person, applicantID: id) }
            }
            let microseconds = Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6
            print(String(format: "sealing: %.1f µs per application (%d applications, %d keys, one core)", microseconds / Double(iterations), iterations, keys))
        }
    }

    struct Body: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the application body that `load` posts, for other load generators.")
        @Option(help: "The open position to apply to.") var position = "bench"

        func run() {
            print(LoadCommand.body(position: position))
        }
    }

    struct SeedSealed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed-sealed",
            abstract: "Submit N sealed applications to an open position, as the server would."
        )
        @Option(help: "Applications to add.") var count = 10_000
        @Option(help: "The open position's slug (created if missing).") var position = "bench"
        @Option(help: "Concurrent submitters.") var concurrency = 8

        func run() async throws {
            let settings = try DatabaseSettings.fromEnvironment()
            var logger = Logger(label: "vtrack-bench")
            logger.logLevel = .warning
            try await Database.withDatabase(settings, logger: logger) { database in
                let positions = PositionRepository(database: database)
                if (try? await positions.find(slug: position)) == nil {
                    _ = try await positions.create(NewPosition(slug: position, title: "Bench", team: "Bench"))
                    _ = try await positions.move(slug: position, to: .open)
                }
                let sealer = try await OrganisationKeyRepository(database: database).sealer()
                let repository = ApplicationRepository(database: database)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<concurrency {
                        group.addTask {
                            for _ in stride(from: worker, to: count, by: concurrency) {
                                let applicantID = UUID()
                                _ = try await repository.submit(NewApplication(
                                    applicantID: applicantID, positionSlug: position, languages: ["uk", "en"], skills: [],
                                    timeZone: "Europe/Prague", source: "website",
                                    personalData: try sealer.seal(BenchCommand.person, applicantID: applicantID)
                                ))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            print("seeded \(count) sealed applications")
        }
    }
}
