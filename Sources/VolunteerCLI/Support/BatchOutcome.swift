import Foundation
import VolunteerCore
import VolunteerStore

/// What happened to one item of a batch (`applications move`, `onboarding
/// done`, `volunteers pause`, …): done, or refused with the reason.
struct BatchOutcome: Encodable {
    let reference: String
    let id: UUID?
    let succeeded: Bool
    /// The item's state after the change.
    let result: String?
    let error: String?

    static func attempt(
        _ reference: String,
        _ change: (UUID) async throws -> String,
        resolve: (ShortID) async throws -> UUID
    ) async -> BatchOutcome {
        var id: UUID?
        do {
            let resolved = try await resolve(try ShortID(reference))
            id = resolved
            return BatchOutcome(reference: reference, id: resolved, succeeded: true, result: try await change(resolved), error: nil)
        } catch {
            let (_, message) = CLIFailure.describe(error)
            return BatchOutcome(reference: reference, id: id, succeeded: false, result: nil, error: message)
        }
    }

    /// Every reference resolved and changed on its own, in order: `change`
    /// is one transaction, so a refusal leaves the others done.
    static func each(
        _ references: [String],
        resolve: (ShortID) async throws -> UUID,
        change: (UUID) async throws -> String
    ) async throws -> [BatchOutcome] {
        guard !references.isEmpty else { throw DomainError.invalid(field: "ids", reason: "standard input held no ids") }
        var outcomes: [BatchOutcome] = []
        for reference in references {
            outcomes.append(await attempt(reference, change, resolve: resolve))
        }
        return outcomes
    }

    /// Exit 1 when any was refused (after `report`).
    static func exitIfRefused(_ outcomes: [BatchOutcome]) throws {
        if outcomes.contains(where: { !$0.succeeded }) { throw ExitStatus.refused.exitCode }
    }

    /// Done on stdout, refused on stderr, then one line of totals.
    static func report(_ outcomes: [BatchOutcome], verb: String, json: Bool) {
        if json {
            Terminal.standardOutput.writeLine((try? JSONOutput.render(outcomes)) ?? "[]")
            return
        }
        for outcome in outcomes {
            let name = outcome.id.map { ShortID.display($0) } ?? outcome.reference
            if outcome.succeeded {
                Terminal.standardOutput.writeLine(TerminalText.escape("\(name)  \(verb)"))
            } else {
                Terminal.standardError.writeLine(TerminalText.escape("\(name)  refused: \(outcome.error ?? "")"))
            }
        }
        let done = outcomes.filter(\.succeeded).count
        Terminal.standardError.writeLine(TerminalText.escape("\(done) of \(outcomes.count) \(verb); \(outcomes.count - done) refused"))
    }

    enum CodingKeys: String, CodingKey {
        case reference, id, succeeded, result, error
    }
}
