import Testing
import _ConnectionPoolModule

@testable import VolunteerCLI
@testable import VolunteerStore

/// Every way the database can be away exits 69, whatever type says so.
@Suite struct CLIFailureTests {
    @Test func aDatabaseThatIsAwayExits69() {
        let absences: [any Error] = [
            // What the pool throws at once after a minute of failed connections.
            ConnectionPoolError.connectionCreationCircuitBreakerTripped,
            TimeoutError(duration: .seconds(5)),
            DatabaseUnavailable(endpoint: "127.0.0.1:5432", cause: "connection refused"),
        ]
        for error in absences {
            #expect(CLIFailure.describe(error).0 == .databaseUnavailable, "\(type(of: error))")
        }
    }
}
