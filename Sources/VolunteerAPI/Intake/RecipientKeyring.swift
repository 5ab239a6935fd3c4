import Logging
import VolunteerCore
import VolunteerStore

/// The coordinators' public keys the server seals for, read from the
/// database at start, every few seconds, and whenever the database says the
/// list is stale. The server holds public keys only.
actor RecipientKeyring {
    private let keys: KeyRepository
    private let logger: Logger
    private var recipients: [RecipientKey] = []
    private var loaded = false

    init(database: Database, logger: Logger) {
        self.keys = KeyRepository(database: database)
        self.logger = logger
    }

    /// A sealer for the current keys; `SealingError.noRecipients` without any.
    func sealer() async throws -> PersonalDataSealer {
        if !loaded { try await reload() }
        return try PersonalDataSealer(recipients: recipients)
    }

    func reload() async throws {
        let fresh = try await keys.recipients()
        if fresh.isEmpty, !(loaded && recipients.isEmpty) {
            logger.warning(
                "no coordinator key is registered: applications are refused (503) until one is; register one with `vtrack keys init --name NAME`"
            )
        } else if !fresh.isEmpty, fresh.map(\.id) != recipients.map(\.id) {
            logger.info("sealing for coordinator keys", metadata: ["keys": "\(fresh.count)"])
        }
        recipients = fresh
        loaded = true
    }
}
