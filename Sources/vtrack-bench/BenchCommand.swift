import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import VolunteerCore
import VolunteerStore

/// `vtrack-bench`: the measuring and seeding half of `scripts/bench`. Not
/// installed for users; each subcommand prints the figure an issue asks for.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vtrack-bench",
        abstract: "Measure vtrack for scripts/bench.",
        subcommands: [Seal.self, SeedSealed.self, SeedOrganisation.self, SeedMessagesCommand.self, LoadCommand.self, Body.self]
    )

    /// A realistic applicant: short contacts and a long motivation.
    static let person = PersonalData(
        name: "Bench Applicant", email: "bench.applicant@example.org", telegram: "@bench_applicant",
        motivation: String(repeating: "I want to help translate independent journalism. ", count: 20)
    )

    struct Seal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time sealing one application with N coordinator keys: once for the organisation key, or for each key."
        )
        @Option(help: "Registered coordinator keys.") var keys = 3
        @Option(help: "Applications to seal.") var iterations = 20_000
        @Flag(help: "Seal for each coordinator key, as before the organisation key.") var perCoordinatorKey = false

        func run() async throws {
            let recipients = (0..<keys).map {
                RecipientKey(id: UUID(), name: "k\($0)", publicKey: CoordinatorPrivateKey.generate().publicKey)
            }
            let organisation = RecipientKey(id: UUID(), name: "organisation", publicKey: OrganisationPrivateKey.generate().publicKey)
            let sealer =
                perCoordinatorKey ? try PersonalDataSealer(recipients: recipients) : PersonalDataSealer(organisationKey: organisation)
            let ids = (0..<iterations).map { _ in UUID() }
            for id in ids.prefix(1_000) { _ = try sealer.seal(BenchCommand.person, applicantID: id) }
            let clock = ContinuousClock()
            let elapsed = try clock.measure {
                for id in ids { _ = try sealer.seal(BenchCommand.person, applicantID: id) }
            }
            let microseconds = Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6
            let mode = perCoordinatorKey ? "wrapped for each key" : "wrapped once for the organisation key"
            print(
                String(
                    format: "sealing: %.1f µs per application (%d applications, %d coordinator keys, %@, one core)",
                    microseconds / Double(iterations), iterations, keys, mode
                ))
        }
    }

    struct Body: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the application body that `load` posts, for other load generators.")
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
                                _ = try await repository.submit(
                                    NewApplication(
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

    struct SeedOrganisation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed-organisation",
            abstract: "Add N applicants sealed for the current organisation key, a few thousand per statement (as the schema's owner)."
        )
        @Option(help: "Applicants to add.") var count = 100_000
        @Option(help: "An open position's slug.") var position = "bench"
        @Option(help: "Applicants per statement.") var batchSize = 2_000

        func run() async throws {
            let settings = try DatabaseSettings.fromEnvironment()
            var logger = Logger(label: "vtrack-bench")
            logger.logLevel = .warning
            try await Database.withDatabase(settings, logger: logger) { database in
                let sealer = try await OrganisationKeyRepository(database: database).sealer()
                guard case .organisation(let key) = sealer.recipients else {
                    throw ValidationError("the database has no organisation key yet (vtrack keys init makes it in a new database)")
                }
                for start in stride(from: 0, to: count, by: batchSize) {
                    let ids = (start..<min(start + batchSize, count)).map { _ in UUID() }
                    let sealed = try ids.map { try sealer.seal(BenchCommand.person, applicantID: $0) }
                    try await database.write(
                        """
                        WITH p AS (
                            SELECT id FROM positions WHERE slug = \(position)
                        ), applicants AS (
                            INSERT INTO applicants (id, languages, time_zone) SELECT unnest(\(ids)::uuid[]), '{uk,en}', 'Europe/Prague'
                        ), personal AS (
                            INSERT INTO applicant_personal_data (applicant_id, sealed)
                            SELECT * FROM unnest(\(ids)::uuid[], \(sealed.map { ByteBuffer(bytes: $0.sealed) })::bytea[])
                        ), data_keys AS (
                            INSERT INTO applicant_data_keys (applicant_id, organisation_key_id, encapsulated_key, wrapped_key)
                            SELECT t.id, \(key.id), t.encapsulated, t.wrapped FROM unnest(\(ids)::uuid[],
                                \(sealed.map { ByteBuffer(bytes: $0.organisationKey!.encapsulatedKey) })::bytea[],
                                \(sealed.map { ByteBuffer(bytes: $0.organisationKey!.ciphertext) })::bytea[]) AS t (id, encapsulated, wrapped)
                        )
                        INSERT INTO applications (id, applicant_id, position_id, source)
                        SELECT gen_random_uuid(), i, p.id, 'website' FROM unnest(\(ids)::uuid[]) AS i, p
                        """
                    )
                }
            }
            print("seeded \(count) applicants sealed for the organisation key")
        }
    }
}
