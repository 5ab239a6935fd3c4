import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import _ConnectionPoolModule

@testable import VolunteerAPI
@testable import VolunteerStore

/// Every way the database can be away reads as one 503, never a 500.
@Suite struct DatabaseAbsenceProblemTests {
    static let absences: [any Error & Sendable] = [
        // What the pool throws at once after a minute of failed connections.
        ConnectionPoolError.connectionCreationCircuitBreakerTripped,
        TimeoutError(duration: .seconds(5)),
        DatabaseUnavailable(endpoint: "127.0.0.1:5432", cause: "connection refused"),
    ]

    @Test(arguments: 0..<absences.count) func isA503WithRetryAfter(index: Int) async throws {
        let router = Router()
        router.add(middleware: ProblemMiddleware())
        router.post("/apply") { _, _ -> HTTPResponse.Status in throw Self.absences[index] }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/apply", method: .post) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.headers[.retryAfter] == "5")
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["type"] as? String == "https://vtrack.dev/problems/database-unavailable")
            }
        }
    }
}
