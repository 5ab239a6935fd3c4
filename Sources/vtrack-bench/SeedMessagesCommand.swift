import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import VolunteerCore
import VolunteerStore

/// `vtrack-bench seed-messages`: applications with an inbox key each, and
/// threads of real sealed messages among them, for `scripts/bench messages`.
/// As the schema's owner: the applications as intake writes them (one
/// statement with their applicants and tokens, the triggers on), the
/// messages with the triggers off, since their stamps would make every one a
/// coordinator's, unread, sent now.
struct SeedMessagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-messages",
        abstract: "Add applications with inbox keys and sealed threads among them, some replies unread."
    )
    @Option(help: "Applications to add, each with a token and its inbox key.") var applications = 20_000
    @Option(help: "Messages to spread over them, alternately to and from the applicant.") var messages = 100_000
    @Option(help: "Replies left unread, on as many applications.") var unread = 50
    @Option(help: "An open position's slug.") var position = "bench"
    @Option(help: "The language the applications were made in.") var language = "en"
    @Option(help: "Rows per statement.") var batchSize = 2_000

    /// A realistic message: a few sentences.
    static let text = String(repeating: "Thank you for your answer; we will write again after the call on Thursday. ", count: 4)

    func run() async throws {
        guard applications > 0, unread <= applications, messages >= applications else {
            throw ValidationError("need 0 < --applications <= --messages and --unread <= --applications")
        }
        let settings = try DatabaseSettings.fromEnvironment()
        var logger = Logger(label: "vtrack-bench")
        logger.logLevel = .warning
        let (applications, messages, unread, position, language, batchSize) =
            (self.applications, self.messages, self.unread, self.position, self.language, self.batchSize)
        try await Database.withDatabase(settings, logger: logger) { database in
            guard let organisation = try await OrganisationKeyRepository(database: database).current() else {
                throw ValidationError("the database has no organisation key yet (vtrack keys init makes it in a new database)")
            }
            var threads: [Thread] = []
            threads.reserveCapacity(applications)
            for start in stride(from: 0, to: applications, by: batchSize) {
                let batch = (start..<min(start + batchSize, applications)).map { _ in
                    Thread(applicantID: UUID(), applicationID: UUID(), inbox: InboxPrivateKey(statusToken: Self.randomToken()).publicKey)
                }
                try await database.write(
                    """
                    WITH p AS (
                        SELECT id FROM positions WHERE slug = \(position)
                    ), applicants AS (
                        INSERT INTO applicants (id, languages, time_zone)
                        SELECT unnest(\(batch.map(\.applicantID))::uuid[]), ARRAY[\(language)], 'Europe/Prague'
                    ), applications AS (
                        INSERT INTO applications (id, applicant_id, position_id, source, language)
                        SELECT t.id, t.applicant, p.id, 'website', \(language)
                        FROM unnest(\(batch.map(\.applicationID))::uuid[], \(batch.map(\.applicantID))::uuid[]) AS t (id, applicant), p
                    )
                    INSERT INTO application_tokens (token_hash, application_id, inbox_key)
                    SELECT * FROM unnest(
                        \(batch.map { _ in ByteBuffer(bytes: Self.randomBytes()) })::bytea[],
                        \(batch.map(\.applicationID))::uuid[], \(batch.map { ByteBuffer(bytes: $0.inbox.rawRepresentation) })::bytea[])
                    """
                )
                threads += batch
            }

            // Message m belongs to application m % applications, as its
            // (m / applications)-th message, an hour after the one before;
            // the applications' threads start a minute apart over the weeks
            // before now. The last message of the first `unread` threads is
            // a reply nobody has read; every other message was read.
            let perThread = (messages + applications - 1) / applications
            let now = Date()
            let plans = (0..<messages).map { m -> Planned in
                let (thread, index) = (m % applications, m / applications)
                let last = index == (messages - 1 - thread) / applications
                let unreadReply = thread < unread && last
                let fromApplicant = unreadReply || index % 2 == 1
                let sentAt = now.addingTimeInterval(Double(-(applications - thread) * 60 - (perThread - index) * 3600))
                return Planned(thread: threads[thread], fromApplicant: fromApplicant, sentAt: sentAt, read: !unreadReply)
            }
            for start in stride(from: 0, to: plans.count, by: batchSize) {
                let batch = Array(plans[start..<min(start + batchSize, plans.count)])
                let sealed = try await Self.seal(batch, organisation: organisation)
                try await database.withTransaction { connection in
                    try await connection.query("SET LOCAL session_replication_role = replica", logger: database.logger)
                    try await connection.query(
                        """
                        INSERT INTO messages (id, application_id, direction, author, sealed, inbox_encapsulated_key, inbox_wrapped_key,
                                              organisation_key_id, encapsulated_key, wrapped_key, sent_at, read_at, read_by)
                        SELECT t.id, t.application, t.direction, t.author, t.sealed, t.inbox_encapsulated, t.inbox_wrapped,
                               \(organisation.id), t.encapsulated, t.wrapped, t.sent_at,
                               CASE WHEN t.read THEN t.sent_at + interval '1 hour' END,
                               CASE WHEN t.read THEN CASE t.direction WHEN 'to_applicant' THEN t.reader ELSE 'bench_coordinator' END END
                        FROM unnest(
                            \(sealed.map(\.id))::uuid[], \(batch.map(\.thread.applicationID))::uuid[],
                            \(batch.map { $0.fromApplicant ? "from_applicant" : "to_applicant" })::text[],
                            \(batch.map { $0.fromApplicant ? "applicant:\($0.thread.applicantID.uuidString.lowercased())" : "bench_coordinator" })::text[],
                            \(sealed.map { ByteBuffer(bytes: $0.sealed) })::bytea[],
                            \(sealed.map { ByteBuffer(bytes: $0.inboxKey.encapsulatedKey) })::bytea[],
                            \(sealed.map { ByteBuffer(bytes: $0.inboxKey.ciphertext) })::bytea[],
                            \(sealed.map { ByteBuffer(bytes: $0.organisationKey.encapsulatedKey) })::bytea[],
                            \(sealed.map { ByteBuffer(bytes: $0.organisationKey.ciphertext) })::bytea[],
                            \(batch.map(\.sentAt))::timestamptz[], \(batch.map(\.read))::boolean[],
                            \(batch.map { "applicant:\($0.thread.applicantID.uuidString.lowercased())" })::text[])
                            AS t (id, application, direction, author, sealed, inbox_encapsulated, inbox_wrapped, encapsulated, wrapped,
                                  sent_at, read, reader)
                        """,
                        logger: database.logger
                    )
                }
            }
        }
        print("seeded \(applications) applications with inbox keys and \(messages) sealed messages, \(unread) replies unread")
    }

    struct Thread: Sendable {
        let applicantID: UUID
        let applicationID: UUID
        let inbox: InboxPublicKey
    }

    struct Planned: Sendable {
        let thread: Thread
        let fromApplicant: Bool
        let sentAt: Date
        let read: Bool
    }

    /// 32 bytes from the system's generator (a cryptographic one).
    static func randomBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// A status token's shape: 43 characters of base64url.
    static func randomToken() -> String {
        Data(randomBytes()).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Seals a batch on every core, in order.
    static func seal(_ batch: [Planned], organisation: RecipientKey) async throws -> [SealedMessage] {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = (batch.count + workers - 1) / workers
        return try await withThrowingTaskGroup(of: (Int, [SealedMessage]).self) { group in
            for start in stride(from: 0, to: batch.count, by: chunk) {
                let part = batch[start..<min(start + chunk, batch.count)]
                group.addTask {
                    (start, try part.map { try SealedMessage(text: text, inbox: $0.thread.inbox, organisation: organisation) })
                }
            }
            var parts: [(Int, [SealedMessage])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
