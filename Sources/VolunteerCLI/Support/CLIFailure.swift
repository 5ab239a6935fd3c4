import ArgumentParser
import Foundation
import PostgresNIO
import VolunteerCore
import VolunteerStore

/// Maps every error a command can meet to one message on stderr and one
/// exit code, in one place.
enum CLIFailure {
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let (status, message) = describe(error)
            // Messages quote input and database values; they may hold anything.
            Terminal.standardError.writeLine("vtrack: \(TerminalText.escape(message))")
            throw status.exitCode
        }
    }

    static func describe(_ error: any Error) -> (ExitStatus, String) {
        switch error {
        case let error as DomainError:
            switch error {
            case .reasonRequired:
                return (.refused, "\(error) (--reason)")
            case .alreadyExists(entity: "organisation key", _):
                return (.refused, "\(error) (see `vtrack keys list`)")
            case .illegalTransition, .conflict, .alreadyExists, .positionNotOpen:
                return (.refused, error.description)
            case .invalid(field: "rejection note", let reason):
                return (.badInput, "--note: \(reason)")
            case .notFound(entity: "server login", _):
                return (.badInput, "\(error) (see `vtrack servers list`)")
            case .unknownReference(entity: "coordinator", _):
                return (.badInput, "\(error) (see `vtrack coordinators list`)")
            case .notFound(entity: "organisation key", _):
                return (.badInput, "\(error) (make it with `vtrack keys init-organisation`)")
            case .notFound, .unknownReference, .invalid, .ambiguous:
                return (.badInput, error.description)
            }
        case let error as KeyFileError:
            if case .exists = error { return (.refused, error.description) }
            if case .unwritable = error { return (.cannotWrite, error.description) }
            return (.permissionDenied, error.description)
        case let error as PrivateFileError:
            if case .exists = error { return (.refused, error.description) }
            return (.cannotWrite, error.description)
        case let error as PassphraseError:
            return (.usage, error.description)
        case let error as KeyAccessError:
            switch error {
            case .notRegistered:
                return (.permissionDenied, "\(error); register it with `vtrack keys init`, or use --key-file to pick another key")
            case .notGranted(let name, _):
                return (.permissionDenied, "\(error); ask a coordinator who can to run `vtrack keys grant \(name)`")
            case .onlyKeyFor:
                return (
                    .refused,
                    "\(error); grant another key first (`vtrack keys grant OTHER`), or pass --force to destroy their sealed data and notes for good"
                )
            }
        case let error as SealingError:
            switch error {
            case .wrongKey, .malformedKey: return (.permissionDenied, error.description)
            case .noRecipients: return (.refused, "\(error); register one with `vtrack keys init --name NAME`")
            case .staleRecipients: return (.refused, error.description)
            case .tampered, .unsupportedFormat: return (.badInput, error.description)
            }
        case let error as DatabaseUnavailable:
            return (.databaseUnavailable, error.description)
        case let error as InterviewError:
            if case .noTimeZone = error { return (.badInput, error.description) }
            return (.refused, error.description)
        case let error as MessagingError:
            switch error {
            case .noInbox, .tooManyUnread: return (.refused, error.description)
            case .templateLanguageMissing, .template: return (.badInput, error.description)
            }
        case let error as MessageTemplateError:
            return (.badInput, error.description)
        case let error as DatabaseSettingsError:
            return (.usage, error.description)
        case let error as MigrationError:
            switch error {
            case .checksumMismatch: return (.refused, error.description)
            case .directoryNotFound: return (.usage, "\(error); pass --migrations DIR or set VTRACK_MIGRATIONS_DIR")
            case .invalidFileName, .duplicateVersion, .unreadableSQL, .failed: return (.badInput, error.description)
            }
        case let error as PSQLError where error.sqlState == .insufficientPrivilege:
            return (.permissionDenied, "permission denied: \(error.serverInfo?[.message] ?? ""); your database role may not do this")
        case let error as PSQLError:
            return (.databaseUnavailable, "database error: \(error.serverInfo?[.message] ?? error.code.description)")
        case let error as ReportOutput.CannotWrite:
            return (.cannotWrite, error.description)
        case let error as TimeoutError:
            return (.databaseUnavailable, "the database did not answer within \(error.duration.components.seconds) seconds")
        case let error where meansDatabaseUnavailable(error):
            // The pool's own errors: it gave up connecting, or was shut down.
            return (.databaseUnavailable, "cannot use the database: it refused connections for too long; try again when it is back")
        default:
            return (.refused, String(describing: error))
        }
    }
}
