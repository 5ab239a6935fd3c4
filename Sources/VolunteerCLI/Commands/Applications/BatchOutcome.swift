import Foundation
import VolunteerCore
import VolunteerStore

/// What happened to one application of a batch (`move`, `assign`): done, or
/// refused with the reason and the exit status it would have had alone.
struct BatchOutcome: Encodable {
    let reference: String
    let id: UUID?
    let succeeded: Bool
    /// The application's state after the change.
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
