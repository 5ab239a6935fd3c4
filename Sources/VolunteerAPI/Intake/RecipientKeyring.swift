import Logging
import VolunteerCore
import VolunteerStore

/// The public key the server seals for: the organisation's, or, in a
/// database that has none yet, every coordinator's. Read from the database
/// at start, every few seconds, and whenever the database says it is stale.
/// The server holds public keys only.
actor RecipientKeyring {
    private let keys: OrganisationKeyRepository
    private let logger: Logger
    private var current: Result<PersonalDataSealer, SealingError>?

    init(database: Database, logger: Logger) {
        self.keys = OrganisationKeyRepository(database: database)
        self.logger = logger
    }

    /// A sealer for the current keys; `SealingError.noRecipients` without any.
    func sealer() async throws -> PersonalDataSealer {
        if current == nil { try await reload() }
        return try current!.get()
    }

    /// The organisation key, which messages are sealed for; nil before it
    /// exists (a database sealing for coordinator keys one by one).
    func organisationKey() async throws -> RecipientKey? {
        guard case .organisation(let key) = try await sealer().recipients else { return nil }
        return key
    }

    func reload() async throws {
        let fresh: Result<PersonalDataSealer, SealingError>
        do {
            fresh = .success(try await keys.sealer())
        } catch SealingError.noRecipients {
            fresh = .failure(.noRecipients)
        }
        let (was, now) = (current.map(Self.describe), Self.describe(fresh))
        if was != now {
            if case .failure = fresh {
                logger.warning(
                    "no coordinator key is registered: applications are refused (503) until one is; register one with `vtrack keys init --name NAME`"
                )
            } else {
                logger.info("sealing for \(now)")
            }
        }
        current = fresh
    }

    /// What is sealed for, by key ids: never key material.
    private static func describe(_ sealer: Result<PersonalDataSealer, SealingError>) -> String {
        switch sealer {
        case .failure: "nobody"
        case .success(let sealer):
            switch sealer.recipients {
            case .organisation(let key): "organisation key \(key.id)"
            case .coordinatorKeys(let keys): "coordinator keys \(keys.map(\.id))"
            }
        }
    }
}
