import Foundation
import Testing
import VolunteerStore
import VolunteerTestSupport

@Suite struct ConnectivityTests {
    @Test func aDeadPortIsReportedFastWithHostPortAndCause() async throws {
        var settings = try TestEnvironment.adminSettings()
        settings.port = try Self.closedPort()
        let started = ContinuousClock.now
        let error = await #expect(throws: DatabaseUnavailable.self) {
            try await Database.checkReachable(settings, logger: TestEnvironment.logger)
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        let message = try #require(error).description
        #expect(message.contains("127.0.0.1:\(settings.port)"))
        #expect(message.contains("connection refused"))
    }

    @Test func aWrongPasswordIsReportedAsSuch() async throws {
        var settings = try TestEnvironment.adminSettings()
        settings.password = "definitely-wrong"
        let error = await #expect(throws: DatabaseUnavailable.self) {
            try await Database.checkReachable(settings, logger: TestEnvironment.logger)
        }
        let message = try #require(error).description
        #expect(message.contains("password authentication failed"))
        #expect(!message.contains("definitely-wrong"))
    }

    @Test func aMissingDatabaseIsNamed() async throws {
        var settings = try TestEnvironment.adminSettings()
        settings.database = "no_such_database"
        let error = await #expect(throws: DatabaseUnavailable.self) {
            try await Database.checkReachable(settings, logger: TestEnvironment.logger)
        }
        #expect(try #require(error).description.contains("\"no_such_database\" does not exist"))
    }

    @Test func aSilentHostTimesOutWithinTheConnectTimeout() async throws {
        // A listening socket that never answers the startup message.
        let listener = try SilentListener()
        defer { listener.close() }
        var settings = try TestEnvironment.adminSettings()
        settings.port = listener.port
        settings.connectTimeout = .seconds(2)
        let started = ContinuousClock.now
        let error = await #expect(throws: DatabaseUnavailable.self) {
            try await Database.checkReachable(settings, logger: TestEnvironment.logger)
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(try #require(error).description.contains("no answer within"))
    }

    @Test func isReadyAnswersBothWays() async throws {
        try await TestDatabase.withEmpty { test in
            try await test.withDatabase { database in
                #expect(await database.isReady())
            }
        }
        var settings = try TestEnvironment.adminSettings()
        settings.port = try Self.closedPort()
        let database = Database(settings: settings, logger: TestEnvironment.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.client.run() }
            #expect(await database.isReady(timeout: .milliseconds(500)) == false)
            group.cancelAll()
        }
    }

    /// A port nothing listens on: bound, then released.
    static func closedPort() throws -> Int {
        let listener = try SilentListener()
        let port = listener.port
        listener.close()
        return port
    }
}
